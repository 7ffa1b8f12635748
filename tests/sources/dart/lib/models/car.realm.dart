// GENERATED CODE - DO NOT MODIFY BY HAND
part of 'car.dart';

@RealmModel()
class _Ignored {
  late int x;
}
