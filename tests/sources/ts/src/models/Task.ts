import Realm, { BSON, ObjectSchema } from "realm";

export class Task extends Realm.Object<Task> {
  _id!: BSON.ObjectId;
  description!: string;
  isComplete!: boolean;
  priority?: number;
  progressMinutes!: Realm.Types.Counter;
  tags!: Realm.List<string>;
  assignee?: User;

  static schema: ObjectSchema = {
    name: "Task",
    primaryKey: "_id",
    properties: {
      _id: { type: "objectId", default: () => new BSON.ObjectId() },
      description: "string",
      isComplete: { type: "bool", default: false, indexed: true },
      priority: "int?",
      progressMinutes: "counter",
      tags: "string[]",
      assignee: "User?",
    },
  };
}

export class User extends Realm.Object<User, "name"> {
  _id!: string;
  name!: string;
  tasks!: Realm.Results<Task>;
  profile?: Profile;

  static schema: ObjectSchema = {
    name: "User",
    primaryKey: "_id",
    properties: {
      _id: "string",
      name: { type: "string", indexed: "full-text" },
      displayName: { type: "string", mapTo: "display_name", optional: true },
      tasks: { type: "linkingObjects", objectType: "Task", property: "assignee" },
      profile: "Profile?",
      scores: "double{}",
    },
  };
}

export const ProfileSchema = {
  name: "Profile",
  embedded: true,
  properties: {
    bio: "string?",
    avatar: "data?",
  },
} satisfies ObjectSchema;

// The @realm/babel-plugin form is not read.
export class Note extends Realm.Object<Note> {
  _id!: Realm.BSON.ObjectId;
  text!: Realm.Types.String;
}

export class Reading extends Realm.Object<Reading> {
  static schema = readingSchema;
}
