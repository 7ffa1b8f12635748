import 'package:realm/realm.dart';

part 'car.realm.dart';

@RealmModel()
class _Car {
  @PrimaryKey()
  @MapTo('_id')
  late ObjectId id;

  late String make;
  String? model;
  int? miles;
  _Person? owner;
  late List<String> features;
  late Map<String, double> prices;
  late RealmValue extra;
  DateTime? soldAt;
  bool isElectric = false;
}

@RealmModel()
class _Person {
  @PrimaryKey()
  @MapTo('_id')
  late ObjectId id;

  @Indexed()
  late String name;
  int age = 42;
  late Set<String> nicknames;
  _Address? address;
  @MapTo('first_name')
  late String firstName;

  @Backlink(#owner)
  late Iterable<_Car> cars;

  @Ignored()
  int? sessionCounter;

  String get greeting => 'Hello, $name';
}

@RealmModel(ObjectType.embeddedObject)
class _Address {
  late String street;
  String? city;
  late List<double> coordinates;
}
