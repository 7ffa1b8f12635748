import Realm from "realm";
import { Car } from "./models/Car";

// Not a model: an app configuration.
const realm = await Realm.open({
  schema: [Car],
  schemaVersion: 2,
});
const settings = { name: "app", properties: { theme: "dark" } };

// Inline object schemas in a configuration are read.
const local = new Realm({
  schema: [{ name: "Draft", primaryKey: "_id", properties: { _id: "objectId", body: "string?" } }],
});
