import 'package:realm/realm.dart';

part 'reading.realm.dart';

@RealmModel(ObjectType.asymmetricObject)
@MapTo('Reading')
class _SensorReading {
  @PrimaryKey()
  @MapTo('_id')
  late Uuid id;
  late double value;
  DateTime takenAt = DateTime.now();
  late Duration window;
}

@RealmModel()
class Plain {
  @PrimaryKey()
  late int _id;
}
