import Realm from "realm";

export class Car extends Realm.Object {
  static schema = {
    name: "Car",
    primaryKey: "_id",
    properties: {
      _id: { type: "objectId", default: () => new Realm.BSON.ObjectId() },
      make: "string",
      model: "string",
      miles: "int?",
      owner: "Person?",
      features: "string<>",
      options: "mixed{}",
      serviceLog: { type: "list", objectType: "ServiceEntry" },
      price: { type: "decimal128", optional: true },
    },
  };
}

export const ServiceEntrySchema = {
  name: "ServiceEntry",
  embedded: true,
  properties: {
    date: "date",
    description: "string?",
    cost: { type: "double", default: 0 },
  },
};
