// The Realm library imported under a prefix: `realm.` is the namespace of every Realm name.
import 'package:realm/realm.dart' as realm;

part 'kennel.realm.dart';

@realm.RealmModel()
class _Kennel {
  @realm.PrimaryKey()
  @realm.MapTo('_id')
  late realm.ObjectId id;

  @realm.Indexed()
  late String name;

  late realm.Uuid licence;
  realm.Decimal128? fee;
  late realm.RealmValue extra;
  late List<realm.ObjectId> visitorIds;
  late realm.RealmList<_Pup> pups;
  _Collar? spareCollar;

  @realm.Ignored()
  String cache = '';
}

@realm.RealmModel()
class _Pup {
  @realm.PrimaryKey()
  @realm.MapTo('_id')
  late realm.ObjectId id;

  late String name;

  @realm.Backlink(#pups)
  late Iterable<_Kennel> kennels;
}

@realm.RealmModel(realm.ObjectType.embeddedObject)
class _Collar {
  late String colour;
}
