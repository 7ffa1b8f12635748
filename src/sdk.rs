//! SDK: the one table of per-SDK facts. Each Realm SDK syncplan reads, generates and plans for
//! is one `Sdk` and one `Row`: its names (command line, display, fenced code), the files it is
//! written in, the base class of each kind of object type, its scalar type names (written by
//! codegen, read backwards by the source readers), its keywords, and the snippets the client
//! instructions of a plan are made of (`plan::sdk`). Adding an SDK is one row here plus its
//! generator and its reader's grammar code.
//!
//! Sources: https://www.mongodb.com/docs/atlas/device-sdks/ (each SDK's model and sync pages);
//! the client-reset snippets follow https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/
//! and each SDK's "Handle Sync Errors" page (manual fallback).

use std::path::Path;

use crate::model::{ObjectKind, ScalarType};

/// The client SDKs (JavaScript and TypeScript are one SDK with two languages; Objective-C sources
/// are read as the Swift SDK's). The library type has no command-line derive: `--sdk` lists are
/// parsed by `Sdk::parse_list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sdk {
    Swift,
    Kotlin,
    Js,
    Ts,
    Dart,
    Csharp,
    Cpp,
    Java,
}

/// The language of an SDK source file (the readers' view: Objective-C is a language of the Swift
/// SDK's row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Swift,
    Kotlin,
    JavaScript,
    TypeScript,
    Dart,
    CSharp,
    Cpp,
    Java,
    ObjectiveC,
}

/// A source language of a row: the language, its display name and its file extensions.
pub struct Source {
    pub language: Language,
    pub name: &'static str,
    pub extensions: &'static [&'static str],
    /// Words a model file of the language contains somewhere (a cheap test before parsing, in a
    /// folder walk).
    pub markers: &'static [&'static str],
}

/// Everything syncplan knows about one SDK, in one place.
pub struct Row {
    pub sdk: Sdk,
    /// Command-line name (`--sdk swift`).
    pub name: &'static str,
    pub display: &'static str,
    /// The fenced-code language of its snippets.
    pub fence: &'static str,
    /// The file generated model source is meant to be saved as. Dart: the `part of` source holding
    /// the `_Task` model classes (`dart run realm generate` writes `models.realm.dart` next to it).
    pub model_file: &'static str,
    /// The file a local migration's code is written to (under `--out DIR/migrations/`).
    pub migration_file: &'static str,
    /// The source languages read as this SDK's models.
    pub sources: &'static [Source],
    /// What makes a class a model of each kind (top-level, embedded, asymmetric): base class,
    /// interface, annotation or schema macro, as codegen writes it and the readers recognise it.
    pub bases: [&'static str; 3],
    /// Older spellings the readers also recognise (`RealmObject` in the .NET SDK before the
    /// source generator), by kind.
    pub legacy_bases: [&'static str; 3],
    /// Words that cannot be identifiers as they are.
    pub keywords: &'static [&'static str],
    /// Scalar type names both ways: codegen writes them, the readers read them back.
    pub scalars: &'static [(ScalarType, &'static str)],
    /// Names codegen writes for a scalar the SDK cannot express exactly (with a warning) or that
    /// the readers recognise structurally (`byte[]`): never read back by name.
    pub written_as: &'static [(ScalarType, &'static str)],
    /// Other names the readers accept (`Int32`, `BsonObjectId`, ...).
    pub read_as: &'static [(&'static str, ScalarType)],
    /// The dynamic (migration) API's class for a scalar where it differs from `scalars` (Kotlin's
    /// `DynamicRealmObject.getValue<Long>` for a counter).
    pub dynamic_scalars: &'static [(ScalarType, &'static str)],
    pub snippets: Snippets,
}

/// The text fragments of the client instructions (`plan::sdk`). Placeholders: `{type}`, `{base}`,
/// `{field}`, `{old}`, `{public}`, `{shorthand}`, `{persisted}`, `{config}`, `{fence}`.
pub struct Snippets {
    /// The header of a model class (`{type}`, `{base}`); empty where it is written in code.
    pub class_header: &'static str,
    /// After "Add the type": where the new class is registered.
    pub add_type: &'static str,
    /// After "Remove the type".
    pub remove_type: &'static str,
    /// After adding or removing a property.
    pub property: &'static str,
    /// After changing a property.
    pub change_property: &'static str,
    /// After renaming a property.
    pub rename_property: &'static str,
    /// After a code-only rename.
    pub remap: &'static str,
    /// How to avoid the breaking type rename; `{code}` stands for `rename_type_code`, fenced.
    pub rename_type_alternative: &'static str,
    /// A class that keeps its persisted name under a new name in code (`{old}`, `{type}`, `{base}`).
    pub rename_type_code: &'static str,
    /// The header of the partner type's class, synced under the partner title (`{title}`,
    /// `{type}`, `{base}`; the class closes with `}`).
    pub partner_header: &'static str,
    /// How to avoid the breaking property rename (where it is plain text).
    pub rename_property_alternative: &'static str,
    /// Why the partner type's class reads as it does.
    pub partner_note: &'static str,
    /// Removing the subscriptions that use `{field}`.
    pub drop_subscriptions: &'static str,
    /// Opening the synced realm, for (Flexible Sync, partition-based) apps; the partition-based
    /// one is empty where the SDK has no Partition-Based Sync (`no_partition` says why).
    pub sync_configuration: [&'static str; 2],
    /// Why the SDK cannot open a partition-based realm (empty: it can), with the public source.
    pub no_partition: &'static str,
    /// Text before the client-reset handler, for (Flexible Sync, partition-based) apps.
    pub client_reset_note: [&'static str; 2],
    /// The configuration `{config}` of the client-reset handler, (Flexible Sync, partition-based).
    pub client_reset_config: [&'static str; 2],
    /// The client-reset handler with its manual fallback (breaking changes always reach it).
    pub client_reset: &'static str,
    /// Deleting the synced realm file written with the old model (`{open}`: the
    /// `sync_configuration` of the app's sync mode, where the deletion needs the configuration).
    pub discard_realm: &'static str,
    /// Opening a Flexible Sync realm at a server schema version (or why the SDK cannot).
    pub sync_schema_version: &'static str,
}

/// No snippet: each row's `Snippets` lists what its SDK needs.
const NO_SNIPPETS: Snippets = Snippets {
    class_header: "",
    add_type: "",
    remove_type: "",
    property: "",
    change_property: "",
    rename_property: "",
    remap: "",
    rename_type_alternative: "",
    rename_type_code: "",
    partner_header: "",
    rename_property_alternative: "",
    partner_note: "",
    drop_subscriptions: "",
    sync_configuration: ["", ""],
    no_partition: "",
    client_reset_note: ["", ""],
    client_reset_config: ["", ""],
    client_reset: "",
    discard_realm: "",
    sync_schema_version: "",
};

const REGEN: &str = "\n\nThen run `dart run realm generate`.";
const CPP_LISTED: &str = "\n\nUpdate the schema macro's member list to match.";

pub const SWIFT: Row = Row {
    sdk: Sdk::Swift,
    name: "swift",
    display: "Swift",
    fence: "swift",
    model_file: "Models.swift",
    migration_file: "Migration.swift",
    sources: &[
        Source {
            language: Language::Swift,
            name: "Swift",
            extensions: &["swift"],
            markers: &["Object"],
        },
        Source {
            language: Language::ObjectiveC,
            name: "Objective-C",
            extensions: &["m", "mm"],
            markers: &["RLM"],
        },
    ],
    bases: ["Object", "EmbeddedObject", "AsymmetricObject"],
    legacy_bases: ["", "", ""],
    keywords: SWIFT_KEYWORDS,
    scalars: &[
        (ScalarType::Bool, "Bool"),
        (ScalarType::Int, "Int"),
        (ScalarType::Float, "Float"),
        (ScalarType::Double, "Double"),
        (ScalarType::String, "String"),
        (ScalarType::Data, "Data"),
        (ScalarType::Date, "Date"),
        (ScalarType::Decimal128, "Decimal128"),
        (ScalarType::ObjectId, "ObjectId"),
        (ScalarType::Uuid, "UUID"),
        (ScalarType::Mixed, "AnyRealmValue"),
    ],
    written_as: &[(ScalarType::Counter, "Int")],
    read_as: &[
        ("Int8", ScalarType::Int),
        ("Int16", ScalarType::Int),
        ("Int32", ScalarType::Int),
        ("Int64", ScalarType::Int),
        // Legacy Foundation class names.
        ("NSDate", ScalarType::Date),
        ("NSData", ScalarType::Data),
    ],
    dynamic_scalars: &[],
    snippets: Snippets {
        class_header: "class {type}: {base} {",
        rename_type_alternative: "Swift has no public API to keep the old class name (only the underscored `_realmObjectName()`): use a partner collection or terminate/re-enable Sync.",
        partner_header: "class {title}: {base} {",
        partner_note: "Swift cannot map class names, so the class itself is named after the partner title; move the app's code from the old class to it.",
        drop_subscriptions: "let subscriptions = realm.subscriptions\ntry await subscriptions.update {\n    // remove the subscriptions whose query mentions {field}\n    subscriptions.remove(named: \"<subscription name>\")\n}",
        // https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/sync/partition-based-sync/
        sync_configuration: [
            "let config = user.flexibleSyncConfiguration()",
            "let config = user.configuration(partitionValue: <partition value>)",
        ],
        client_reset_config: [
            "user.flexibleSyncConfiguration(clientResetMode:",
            "user.configuration(partitionValue: <partition value>, clientResetMode:",
        ],
        client_reset: "```swift\nvar config = {config} .recoverOrDiscardUnsyncedChanges(\n    beforeReset: { before in /* back up what you need */ },\n    afterReset: { before, after in /* reconcile */ }\n))\n// Manual fallback: when automatic recovery is impossible (after a breaking schema change, always),\n// the reset reaches the sync error handler.\napp.syncManager.errorHandler = { error, session in\n    guard let syncError = error as? SyncError, syncError.code == .clientResetError else { return }\n    if let (path, clientResetToken) = syncError.clientResetInfo() {\n        // close every open instance of the realm (back up the file at `path` first if needed), then:\n        SyncSession.immediatelyHandleError(clientResetToken, syncManager: app.syncManager)\n    }\n}\n```",
        discard_realm: "```swift\n{open}\n// Once, before the first open of this app version:\ntry Realm.deleteFiles(for: config)\n```",
        sync_schema_version: "not available in Swift: RealmSwift requires `schemaVersion` 0 for synced realms (since 10.46.0), so Swift apps cannot pick a sync schema version; keep Swift apps on a route that needs none, or update them in step with the server.",
        ..NO_SNIPPETS
    },
};

pub const KOTLIN: Row = Row {
    sdk: Sdk::Kotlin,
    name: "kotlin",
    display: "Kotlin",
    fence: "kotlin",
    model_file: "Models.kt",
    migration_file: "Migration.kt",
    sources: &[Source {
        language: Language::Kotlin,
        name: "Kotlin",
        extensions: &["kt"],
        markers: &["RealmObject", "RealmModel", "RealmModule"],
    }],
    bases: ["RealmObject", "EmbeddedRealmObject", "AsymmetricRealmObject"],
    legacy_bases: ["", "", ""],
    keywords: KOTLIN_KEYWORDS,
    scalars: &[
        (ScalarType::Bool, "Boolean"),
        (ScalarType::Int, "Long"),
        (ScalarType::Float, "Float"),
        (ScalarType::Double, "Double"),
        (ScalarType::String, "String"),
        (ScalarType::Data, "ByteArray"),
        (ScalarType::Date, "RealmInstant"),
        (ScalarType::Decimal128, "Decimal128"),
        (ScalarType::ObjectId, "ObjectId"),
        (ScalarType::Uuid, "RealmUUID"),
        (ScalarType::Mixed, "RealmAny"),
        (ScalarType::Counter, "MutableRealmInt"),
    ],
    written_as: &[],
    read_as: &[
        ("Byte", ScalarType::Int),
        ("Short", ScalarType::Int),
        ("Int", ScalarType::Int),
        ("Char", ScalarType::Int),
        ("BsonDecimal128", ScalarType::Decimal128),
        ("BsonObjectId", ScalarType::ObjectId),
    ],
    dynamic_scalars: &[(ScalarType::Counter, "Long"), (ScalarType::ObjectId, "BsonObjectId")],
    snippets: Snippets {
        class_header: "class {type} : {base} {",
        add_type: "\n\nAdd `{type}::class` to the `schema` set of each realm configuration (`SyncConfiguration` or `RealmConfiguration`).",
        remove_type: " Remove `{type}::class` from the `schema` set.",
        rename_type_alternative: "Non-breaking alternative (Kotlin SDK ≥ 1.8): keep the persisted class name:\n\n{code}",
        rename_type_code: "@PersistedName(\"{old}\")\nclass {type} : {base} { ... }",
        partner_header: "@PersistedName(\"{title}\")\nclass {type} : {base} {",
        partner_note: "`@PersistedName` (Kotlin SDK ≥ 1.8) keeps the class name in code.",
        drop_subscriptions: "realm.subscriptions.update {\n    // remove the subscriptions whose query mentions {field}\n    remove(\"<subscription name>\")\n}",
        // https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/sync/partition-based-sync/
        sync_configuration: [
            "val config = SyncConfiguration.Builder(user, schema)\n    .initialSubscriptions { realm -> /* add subscriptions */ }\n    .build()",
            "val config = SyncConfiguration.Builder(user, <partition value>, schema)\n    .build()",
        ],
        client_reset_config: [
            "SyncConfiguration.Builder(user, schema)",
            "SyncConfiguration.Builder(user, <partition value>, schema)",
        ],
        client_reset: "```kotlin\nval config = {config}\n    .syncClientResetStrategy(object : RecoverOrDiscardUnsyncedChangesStrategy {\n        override fun onBeforeReset(realm: TypedRealm) {}\n        override fun onAfterRecovery(before: TypedRealm, after: MutableRealm) {}\n        override fun onAfterDiscard(before: TypedRealm, after: MutableRealm) {}\n        override fun onManualResetFallback(session: SyncSession, exception: ClientResetRequiredException) {\n            // close the realm, then exception.executeClientReset()\n        }\n    })\n    .build()\n```",
        discard_realm: "```kotlin\n// Once, before the first open of this app version:\nRealm.deleteRealm(config)\n```",
        sync_schema_version: "```kotlin\nval config = SyncConfiguration.Builder(user, schema)\n    .schemaVersion(<new server schema version>)\n    .build()\n```",
        ..NO_SNIPPETS
    },
};

const JS_SNIPPETS: Snippets = Snippets {
    add_type: "\n\nAdd `{type}` to the `schema` array of the realm configuration.",
    remove_type: " Remove it from the `schema` array.",
    rename_type_alternative: "Realm JS has no class-level `mapTo` (`schema.name` is the persisted name): to avoid the breaking change keep `name` as the old name and rename only the JavaScript class.",
    rename_property_alternative: "Non-breaking alternative: keep the persisted name with `mapTo`: `{public}: { type: \"{shorthand}\", mapTo: \"{old}\" }`.",
    partner_note: "`schema.name` is the persisted type name, so the class keeps its name in code.",
    drop_subscriptions: "await realm.subscriptions.update((mutableSubs) => {\n  // remove the subscriptions whose query mentions {field}\n  mutableSubs.removeByName(\"<subscription name>\");\n});",
    // https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/sync/partition-based-sync/
    sync_configuration: [
        "const config = { schema, sync: { user, flexible: true } };",
        "const config = { schema, sync: { user, partitionValue: \"<partition value>\" } };",
    ],
    client_reset_config: ["flexible: true", "partitionValue: \"<partition value>\""],
    client_reset: "```{fence}\nconst config = {\n  schema,\n  sync: {\n    user,\n    {config},\n    clientReset: {\n      mode: Realm.ClientResetMode.RecoverOrDiscardUnsyncedChanges,\n      onBefore: (localRealm) => { /* back up */ },\n      onAfter: (localRealm, remoteRealm) => { /* reconcile */ },\n      onFallback: (session, path) => {\n        // close every open instance of the realm, then:\n        Realm.App.Sync.initiateClientReset(app, path);\n      },\n    },\n  },\n};\n```",
    discard_realm: "```{fence}\n// Once, before the first open of this app version:\nRealm.deleteFile(config);\n```",
    sync_schema_version: "```{fence}\nconst config = { schema, schemaVersion: /* new server schema version */, sync: { user, flexible: true } };\n```",
    ..NO_SNIPPETS
};

pub const JS: Row = Row {
    sdk: Sdk::Js,
    name: "js",
    display: "JavaScript",
    fence: "js",
    model_file: "models.js",
    migration_file: "migration.js",
    sources: &[Source {
        language: Language::JavaScript,
        name: "JavaScript",
        extensions: &["js", "mjs"],
        markers: &["properties", "Realm"],
    }],
    bases: ["Realm.Object", "Realm.Object", "Realm.Object"],
    legacy_bases: ["", "", ""],
    keywords: JS_KEYWORDS,
    scalars: &[],
    written_as: &[],
    read_as: &[],
    dynamic_scalars: &[],
    snippets: JS_SNIPPETS,
};

pub const TS: Row = Row {
    sdk: Sdk::Ts,
    name: "ts",
    display: "TypeScript",
    fence: "ts",
    model_file: "models.ts",
    migration_file: "migration.ts",
    sources: &[Source {
        language: Language::TypeScript,
        name: "TypeScript",
        extensions: &["ts"],
        markers: &["properties", "Realm"],
    }],
    bases: JS.bases,
    legacy_bases: JS.legacy_bases,
    keywords: JS_KEYWORDS,
    // The field types of the generated classes (the `static schema` uses the model's own names).
    scalars: &[
        (ScalarType::Bool, "boolean"),
        (ScalarType::String, "string"),
        (ScalarType::Data, "ArrayBuffer"),
        (ScalarType::Date, "Date"),
        (ScalarType::Decimal128, "Realm.BSON.Decimal128"),
        (ScalarType::ObjectId, "Realm.BSON.ObjectId"),
        (ScalarType::Uuid, "Realm.BSON.UUID"),
        (ScalarType::Mixed, "Realm.Mixed"),
        (ScalarType::Counter, "Realm.Types.Counter"),
    ],
    written_as: &[
        (ScalarType::Int, "number"),
        (ScalarType::Float, "number"),
        (ScalarType::Double, "number"),
    ],
    read_as: &[],
    dynamic_scalars: &[],
    snippets: JS_SNIPPETS,
};

pub const DART: Row = Row {
    sdk: Sdk::Dart,
    name: "dart",
    display: "Dart/Flutter",
    fence: "dart",
    model_file: "models.dart",
    migration_file: "migration.dart",
    sources: &[Source {
        language: Language::Dart,
        name: "Dart",
        extensions: &["dart"],
        markers: &["RealmModel"],
    }],
    bases: [
        "@RealmModel()",
        "@RealmModel(ObjectType.embeddedObject)",
        "@RealmModel(ObjectType.asymmetricObject)",
    ],
    legacy_bases: ["", "", ""],
    keywords: DART_KEYWORDS,
    scalars: &[
        (ScalarType::Bool, "bool"),
        (ScalarType::Int, "int"),
        (ScalarType::Double, "double"),
        (ScalarType::String, "String"),
        (ScalarType::Data, "Uint8List"),
        (ScalarType::Date, "DateTime"),
        (ScalarType::Decimal128, "Decimal128"),
        (ScalarType::ObjectId, "ObjectId"),
        (ScalarType::Uuid, "Uuid"),
        (ScalarType::Mixed, "RealmValue"),
    ],
    written_as: &[(ScalarType::Float, "double"), (ScalarType::Counter, "int")],
    read_as: &[("num", ScalarType::Double)],
    dynamic_scalars: &[],
    snippets: Snippets {
        class_header: "{base}\nclass _{type} {",
        add_type: "\n\nAdd `{type}.schema` to the configuration's schema list.\n\nThen run `dart run realm generate`.",
        remove_type: REGEN,
        property: REGEN,
        change_property: REGEN,
        remap: REGEN,
        rename_type_alternative: "Non-breaking alternative: keep the persisted class name:\n\n{code}",
        rename_type_code: "{base}\n@MapTo('{old}')\nclass _{type} { ... }",
        partner_header: "{base}\n@MapTo('{title}')\nclass _{type} {",
        rename_property_alternative: "Non-breaking alternative: keep the persisted name with `@MapTo('{old}')` on the renamed field.",
        partner_note: "`@MapTo` on the class keeps its name in code; then run `dart run realm generate`.",
        drop_subscriptions: "realm.subscriptions.update((mutableSubscriptions) {\n  // remove the subscriptions whose query mentions {field}\n  mutableSubscriptions.removeByName('<subscription name>');\n});",
        sync_configuration: ["final config = Configuration.flexibleSync(user, schemaObjects);", ""],
        no_partition: "The Flutter SDK does not support Partition-Based Sync (https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/sync/)",
        client_reset_note: [
            "",
            "The Flutter SDK does not support Partition-Based Sync (https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/sync/): a Flutter app syncs with this app only once it is on Flexible Sync, with this configuration.\n\n",
        ],
        client_reset: "```dart\nfinal config = Configuration.flexibleSync(user, schemaObjects,\n    clientResetHandler: RecoverOrDiscardUnsyncedChangesHandler(\n      onBeforeReset: (beforeResetRealm) { /* back up */ },\n      onAfterRecovery: (beforeResetRealm, afterResetRealm) {},\n      onAfterDiscard: (beforeResetRealm, afterResetRealm) {},\n      onManualResetFallback: (clientResetError) {\n        // close the realm, then:\n        clientResetError.resetRealm();\n      },\n    ));\n```",
        discard_realm: "```dart\n// Once, before the first open of this app version:\nRealm.deleteRealm(config.path);\n```",
        sync_schema_version: "```dart\nfinal config = Configuration.flexibleSync(user, schemaObjects,\n    schemaVersion: /* new server schema version */);\n```",
        ..NO_SNIPPETS
    },
};

pub const CSHARP: Row = Row {
    sdk: Sdk::Csharp,
    name: "csharp",
    display: "C#/.NET",
    fence: "csharp",
    model_file: "Models.cs",
    migration_file: "LocalMigration.cs",
    sources: &[Source {
        language: Language::CSharp,
        name: "C#",
        extensions: &["cs"],
        markers: &["Object"],
    }],
    bases: ["IRealmObject", "IEmbeddedObject", "IAsymmetricObject"],
    // The classic base classes, woven by Fody.
    legacy_bases: ["RealmObject", "EmbeddedObject", "AsymmetricObject"],
    keywords: CSHARP_KEYWORDS,
    scalars: &[
        (ScalarType::Bool, "bool"),
        (ScalarType::Int, "long"),
        (ScalarType::Float, "float"),
        (ScalarType::Double, "double"),
        (ScalarType::String, "string"),
        (ScalarType::Date, "DateTimeOffset"),
        (ScalarType::Decimal128, "Decimal128"),
        (ScalarType::ObjectId, "ObjectId"),
        (ScalarType::Uuid, "Guid"),
        (ScalarType::Mixed, "RealmValue"),
    ],
    // Read from the syntax (an array type, a generic), not by name.
    written_as: &[
        (ScalarType::Data, "byte[]"),
        (ScalarType::Counter, "RealmInteger<long>"),
    ],
    read_as: &[
        ("Boolean", ScalarType::Bool),
        ("byte", ScalarType::Int),
        ("short", ScalarType::Int),
        ("int", ScalarType::Int),
        ("char", ScalarType::Int),
        ("Byte", ScalarType::Int),
        ("Int16", ScalarType::Int),
        ("Int32", ScalarType::Int),
        ("Int64", ScalarType::Int),
        ("Char", ScalarType::Int),
        ("Single", ScalarType::Float),
        ("Double", ScalarType::Double),
        ("decimal", ScalarType::Decimal128),
        ("Decimal", ScalarType::Decimal128),
        ("String", ScalarType::String),
    ],
    dynamic_scalars: &[],
    snippets: Snippets {
        class_header: "public partial class {type} : {base}\n{",
        rename_type_alternative: "Non-breaking alternative: keep the persisted class name:\n\n{code}",
        rename_type_code: "[MapTo(\"{old}\")]\npublic partial class {type} : {base} { ... }",
        partner_header: "[MapTo(\"{title}\")]\npublic partial class {type} : {base}\n{",
        rename_property_alternative: "Non-breaking alternative: keep the persisted name with `[MapTo(\"{old}\")]` on the renamed property.",
        partner_note: "`[MapTo]` on the class keeps its name in code.",
        drop_subscriptions: "realm.Subscriptions.Update(() =>\n{\n    // remove the subscriptions whose query mentions {field}\n    realm.Subscriptions.Remove(\"<subscription name>\");\n});",
        // https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/sync/partition-based-sync/
        sync_configuration: [
            "var config = new FlexibleSyncConfiguration(user);",
            "var config = new PartitionSyncConfiguration(\"<partition value>\", user);",
        ],
        client_reset_config: [
            "new FlexibleSyncConfiguration(user)",
            "new PartitionSyncConfiguration(\"<partition value>\", user)",
        ],
        client_reset: "```csharp\nvar config = {config}\n{\n    ClientResetHandler = new RecoverOrDiscardUnsyncedChangesHandler\n    {\n        OnBeforeReset = beforeFrozen => { /* back up */ },\n        OnAfterRecovery = (beforeFrozen, after) => { },\n        OnAfterDiscard = (beforeFrozen, after) => { },\n        ManualResetFallback = err => { /* close the realm, then */ err.InitiateClientReset(); },\n    }\n};\n```",
        discard_realm: "```csharp\n// Once, before the first open of this app version:\nRealm.DeleteRealm(config);\n```",
        sync_schema_version: "```csharp\nvar config = new FlexibleSyncConfiguration(user) { SchemaVersion = /* new server schema version */ };\n```",
        ..NO_SNIPPETS
    },
};

pub const CPP: Row = Row {
    sdk: Sdk::Cpp,
    name: "cpp",
    display: "C++",
    fence: "cpp",
    model_file: "models.hpp",
    migration_file: "local_config.hpp",
    sources: &[Source {
        language: Language::Cpp,
        name: "C++",
        extensions: &["hpp", "h", "cpp", "cc", "hh"],
        markers: &["REALM_"],
    }],
    bases: ["REALM_SCHEMA", "REALM_EMBEDDED_SCHEMA", "REALM_ASYMMETRIC_SCHEMA"],
    legacy_bases: ["", "", ""],
    keywords: CPP_KEYWORDS,
    // The reader also takes `realm::` names without the namespace (`using namespace realm;`).
    scalars: &[
        (ScalarType::Bool, "bool"),
        (ScalarType::Int, "int64_t"),
        (ScalarType::Double, "double"),
        (ScalarType::String, "std::string"),
        (ScalarType::Data, "std::vector<uint8_t>"),
        (ScalarType::Date, "std::chrono::time_point<std::chrono::system_clock>"),
        (ScalarType::Decimal128, "realm::decimal128"),
        (ScalarType::ObjectId, "realm::object_id"),
        (ScalarType::Uuid, "realm::uuid"),
        (ScalarType::Mixed, "realm::mixed"),
    ],
    written_as: &[(ScalarType::Float, "double"), (ScalarType::Counter, "int64_t")],
    read_as: &[
        ("std::int64_t", ScalarType::Int),
        ("int", ScalarType::Int),
        ("long", ScalarType::Int),
        ("longlong", ScalarType::Int),
        ("int32_t", ScalarType::Int),
        ("std::int32_t", ScalarType::Int),
        ("short", ScalarType::Int),
        ("int16_t", ScalarType::Int),
        ("int8_t", ScalarType::Int),
        ("std::vector<std::uint8_t>", ScalarType::Data),
    ],
    dynamic_scalars: &[],
    snippets: Snippets {
        class_header: "struct {type} {",
        remove_type: " Remove its `{base}` line too.",
        property: CPP_LISTED,
        rename_property: CPP_LISTED,
        remap: "\n\nThe C++ SDK cannot remap names: the member keeps the persisted name `{persisted}`.",
        rename_type_alternative: "The C++ SDK cannot map class names: use a partner collection or terminate/re-enable Sync.",
        rename_property_alternative: "The C++ SDK has no name remapping: the member name is the persisted name, so a rename is breaking.",
        partner_note: "The C++ SDK cannot map class names, so the struct is named after the partner title.",
        drop_subscriptions: "realm.subscriptions().update([](realm::mutable_sync_subscription_set& subs) {\n    // remove the subscriptions whose query mentions {field}\n    subs.remove(\"<subscription name>\");\n}).get();",
        sync_configuration: ["auto config = user.flexible_sync_configuration();", ""],
        no_partition: "The C++ SDK supports only Flexible Sync (https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/sync/)",
        client_reset_note: [
            "The C++ SDK sets no handler by default (core's default is manual):\n\n",
            "The C++ SDK supports only Flexible Sync (https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/sync/): a C++ app syncs with this app only once it is on Flexible Sync, with this configuration. The C++ SDK sets no handler by default (core's default is manual):\n\n",
        ],
        client_reset: "```cpp\nauto config = user.flexible_sync_configuration();\nconfig.set_client_reset_handler(realm::client_reset::recover_or_discard_unsynced_changes(\n    [](realm::db local) { /* before */ },\n    [](realm::db local, realm::db remote) { /* after */ }));\n// Manual fallback: when automatic recovery is impossible (after a breaking schema change, always),\n// the reset reaches the sync error handler.\nconfig.sync_config().set_error_handler([](realm::sync_session session, realm::sync_error error) {\n    if (error.is_client_reset_requested()) {\n        // close every open instance of the realm, back up what you need, then delete the local\n        // realm file (or ask the user to reinstall) so that the next open downloads a fresh copy\n    }\n});\n```",
        discard_realm: "```cpp\n// Open this app version's realm at a new path instead of the old file:\n{open}\nconfig.set_path(\"<new realm file path>\");\n```",
        sync_schema_version: "```cpp\nauto config = user.flexible_sync_configuration();\nconfig.set_schema_version(/* new server schema version */);\n```",
        ..NO_SNIPPETS
    },
};

pub const JAVA: Row = Row {
    sdk: Sdk::Java,
    name: "java",
    display: "Java",
    fence: "java",
    model_file: "Models.java",
    migration_file: "LocalMigration.java",
    sources: &[Source {
        language: Language::Java,
        name: "Java",
        extensions: &["java"],
        markers: &["RealmObject", "RealmModel", "RealmModule"],
    }],
    // Embedded types are `@RealmClass(embedded = true)` classes extending `RealmObject`.
    bases: ["RealmObject", "RealmObject", "RealmObject"],
    legacy_bases: ["", "", ""],
    keywords: JAVA_KEYWORDS,
    // The boxed (nullable) classes; codegen writes the primitive of the first four when required,
    // and the reader reads primitives from the syntax.
    scalars: &[
        (ScalarType::Bool, "Boolean"),
        (ScalarType::Int, "Long"),
        (ScalarType::Float, "Float"),
        (ScalarType::Double, "Double"),
        (ScalarType::String, "String"),
        (ScalarType::Date, "Date"),
        (ScalarType::Decimal128, "Decimal128"),
        (ScalarType::ObjectId, "ObjectId"),
        (ScalarType::Uuid, "UUID"),
        (ScalarType::Mixed, "RealmAny"),
        (ScalarType::Counter, "MutableRealmInteger"),
    ],
    // An array type, read from the syntax.
    written_as: &[(ScalarType::Data, "byte[]")],
    read_as: &[
        ("Byte", ScalarType::Int),
        ("Short", ScalarType::Int),
        ("Integer", ScalarType::Int),
    ],
    dynamic_scalars: &[],
    snippets: Snippets {
        add_type: "\n\nList `{type}.class` in your `@RealmModule` if the app declares modules.",
        rename_property_alternative: "Non-breaking alternative: keep the persisted name with `@RealmField(\"{old}\")` on the renamed field.",
        partner_note: "`@RealmClass(name = ...)` keeps the class name in code.",
        drop_subscriptions: "realm.getSubscriptions().update(subscriptions -> {\n    // remove the subscriptions whose query mentions {field}\n    subscriptions.remove(\"<subscription name>\");\n});",
        // https://www.mongodb.com/docs/atlas/device-sdks/sdk/java/sync/partition-based-sync/
        sync_configuration: [
            "SyncConfiguration config = new SyncConfiguration.Builder(user)\n    .initialSubscriptions((realm, subscriptions) -> { /* add subscriptions */ })\n    .build();",
            "SyncConfiguration config = new SyncConfiguration.Builder(user, \"<partition value>\")\n    .build();",
        ],
        client_reset_config: [
            "new SyncConfiguration.Builder(user)",
            "new SyncConfiguration.Builder(user, \"<partition value>\")",
        ],
        client_reset: "```java\nSyncConfiguration config = {config}\n    .syncClientResetStrategy(new RecoverOrDiscardUnsyncedChangesStrategy() {\n        @Override public void onBeforeReset(Realm realm) { }\n        @Override public void onAfterRecovery(Realm before, Realm after) { }\n        @Override public void onAfterDiscard(Realm before, Realm after) { }\n        @Override public void onManualResetFallback(SyncSession session, ClientResetRequiredError error) {\n            // close every instance of the realm, then\n            error.executeClientReset();\n        }\n    })\n    .build();\n```",
        discard_realm: "```java\n// Once, before the first open of this app version:\nRealm.deleteRealm(config);\n```",
        sync_schema_version: "```java\nSyncConfiguration config = new SyncConfiguration.Builder(user)\n    .schemaVersion(/* new server schema version */)\n    .build();\n```",
        ..NO_SNIPPETS
    },
};

/// The rows, in `Sdk` order.
static ROWS: [&Row; 8] = [&SWIFT, &KOTLIN, &JS, &TS, &DART, &CSHARP, &CPP, &JAVA];

impl Sdk {
    pub const ALL: [Sdk; 8] = [
        Sdk::Swift,
        Sdk::Kotlin,
        Sdk::Js,
        Sdk::Ts,
        Sdk::Dart,
        Sdk::Csharp,
        Sdk::Cpp,
        Sdk::Java,
    ];

    /// This SDK's row of the table.
    pub fn row(self) -> &'static Row {
        ROWS[self as usize]
    }

    /// Command-line name.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The file the generated source is meant to be saved as.
    pub fn file_name(self) -> &'static str {
        self.row().model_file
    }

    pub fn display(self) -> &'static str {
        self.row().display
    }

    /// The file a local migration's code is written to.
    pub fn migration_file(self) -> &'static str {
        self.row().migration_file
    }

    /// The fenced-code language.
    pub fn fence(self) -> &'static str {
        self.row().fence
    }

    /// `--sdk` values: comma lists of command-line names, `all`, `none`; sorted in `order`,
    /// without repeats.
    pub fn parse_list(list: &[String], order: &[Sdk]) -> Result<Vec<Sdk>, String> {
        let mut out = Vec::new();
        for item in list
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match item {
                "none" => {}
                "all" => out.extend_from_slice(order),
                _ => match order.iter().find(|s| s.name() == item) {
                    Some(s) => out.push(*s),
                    None => {
                        return Err(format!(
                            "unknown SDK \"{item}\": expected {}, all or none",
                            order.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                        ));
                    }
                },
            }
        }
        out.sort_by_key(|s| order.iter().position(|o| o == s));
        out.dedup();
        Ok(out)
    }
}

impl Row {
    /// The base class (interface, annotation, macro) of a kind of object type.
    pub fn base(&self, kind: ObjectKind) -> &'static str {
        self.bases[kind_index(kind)]
    }

    /// The kind of object type a base class (current or legacy spelling) declares.
    pub fn kind_of_base(&self, name: &str) -> Option<ObjectKind> {
        const KINDS: [ObjectKind; 3] = [ObjectKind::TopLevel, ObjectKind::Embedded, ObjectKind::Asymmetric];
        KINDS
            .into_iter()
            .find(|&k| self.base(k) == name || (!name.is_empty() && self.legacy_bases[kind_index(k)] == name))
    }

    /// The type name codegen writes for a scalar, and whether it is exact (false: the nearest
    /// type, to be warned about).
    pub fn scalar_name(&self, s: ScalarType) -> Option<(&'static str, bool)> {
        let find = |list: &[(ScalarType, &'static str)]| list.iter().find(|(t, _)| *t == s).map(|(_, n)| *n);
        find(self.scalars)
            .map(|n| (n, true))
            .or_else(|| find(self.written_as).map(|n| (n, false)))
    }

    /// The type name codegen writes for a scalar (every row with scalar names names all of
    /// them: checked by a test).
    pub fn scalar(&self, s: ScalarType) -> &'static str {
        self.scalar_name(s).map_or("", |(n, _)| n)
    }

    /// The scalar a type name in source code stands for.
    pub fn scalar_named(&self, name: &str) -> Option<ScalarType> {
        self.scalars
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(s, _)| *s)
            .or_else(|| self.read_as.iter().find(|(n, _)| *n == name).map(|(_, s)| *s))
    }

    /// The dynamic (migration) API's class for a scalar.
    pub fn dynamic_scalar(&self, s: ScalarType) -> Option<&'static str> {
        self.dynamic_scalars
            .iter()
            .find(|(t, _)| *t == s)
            .map(|(_, n)| *n)
            .or_else(|| self.scalar_name(s).map(|(n, _)| n))
    }
}

fn kind_index(kind: ObjectKind) -> usize {
    match kind {
        ObjectKind::TopLevel => 0,
        ObjectKind::Embedded => 1,
        ObjectKind::Asymmetric => 2,
    }
}

impl Language {
    /// Every language, in `Language` order.
    #[cfg(test)]
    const ALL: [Language; 9] = [
        Language::Swift,
        Language::Kotlin,
        Language::JavaScript,
        Language::TypeScript,
        Language::Dart,
        Language::CSharp,
        Language::Cpp,
        Language::Java,
        Language::ObjectiveC,
    ];

    /// The language's entry in the table and the SDK whose models it declares.
    fn source(self) -> (&'static Source, Sdk) {
        for row in ROWS {
            if let Some(s) = row.sources.iter().find(|s| s.language == self) {
                return (s, row.sdk);
            }
        }
        unreachable!("every Language is a source of one row (checked by a test)")
    }

    /// By file extension (see `refine` for Objective-C `.h` headers).
    pub fn of(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        ROWS.iter()
            .flat_map(|r| r.sources)
            .find(|s| s.extensions.contains(&ext))
            .map(|s| s.language)
    }

    pub fn name(self) -> &'static str {
        self.source().0.name
    }

    /// Whether `text` may hold models of this language (it has one of the language's markers).
    pub fn may_hold_models(self, text: &str) -> bool {
        self.source().0.markers.iter().any(|m| text.contains(m))
    }

    /// The SDK whose models files of this language declare (Objective-C: Swift's).
    pub fn sdk(self) -> Sdk {
        self.source().1
    }

    /// A `.h` header is C++ unless its text declares Objective-C classes (`@interface`).
    pub fn refine(self, path: &Path, text: &str) -> Language {
        let header = path.extension().and_then(|e| e.to_str()) == Some("h");
        if self == Language::Cpp && header && text.contains("@interface") {
            Language::ObjectiveC
        } else {
            self
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

const SWIFT_KEYWORDS: &[&str] = &[
    "Any",
    "as",
    "associatedtype",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "continue",
    "default",
    "defer",
    "deinit",
    "do",
    "else",
    "enum",
    "extension",
    "fallthrough",
    "false",
    "fileprivate",
    "for",
    "func",
    "guard",
    "if",
    "import",
    "in",
    "init",
    "inout",
    "internal",
    "is",
    "let",
    "nil",
    "open",
    "operator",
    "precedencegroup",
    "private",
    "protocol",
    "public",
    "repeat",
    "rethrows",
    "return",
    "static",
    "struct",
    "subscript",
    "super",
    "switch",
    "throw",
    "throws",
    "true",
    "try",
    "typealias",
    "var",
    "where",
    "while",
];

const KOTLIN_KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

const JS_KEYWORDS: &[&str] = &[
    "any",
    "arguments",
    "await",
    "bigint",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "never",
    "new",
    "null",
    "number",
    "object",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "unknown",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

const DART_KEYWORDS: &[&str] = &[
    "assert", "await", "break", "case", "catch", "class", "const", "continue", "default", "do", "else", "enum",
    "extends", "false", "final", "finally", "for", "if", "in", "is", "new", "null", "rethrow", "return", "super",
    "switch", "this", "throw", "true", "try", "var", "void", "while", "with", "yield",
];

const CSHARP_KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "base",
    "bool",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "checked",
    "class",
    "const",
    "continue",
    "decimal",
    "default",
    "delegate",
    "do",
    "double",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "false",
    "finally",
    "fixed",
    "float",
    "for",
    "foreach",
    "goto",
    "if",
    "implicit",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "lock",
    "long",
    "namespace",
    "new",
    "null",
    "object",
    "operator",
    "out",
    "override",
    "params",
    "private",
    "protected",
    "public",
    "readonly",
    "ref",
    "return",
    "sbyte",
    "sealed",
    "short",
    "sizeof",
    "stackalloc",
    "static",
    "string",
    "struct",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "uint",
    "ulong",
    "unchecked",
    "unsafe",
    "ushort",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
];

const CPP_KEYWORDS: &[&str] = &[
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
];

const JAVA_KEYWORDS: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "true",
    "try",
    "var",
    "void",
    "volatile",
    "while",
    "yield",
    "record",
    "sealed",
    "permits",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_sdk_order_and_every_language_has_one_row() {
        for (i, s) in Sdk::ALL.iter().enumerate() {
            assert_eq!(ROWS[i].sdk, *s);
        }
        for l in Language::ALL {
            let rows = ROWS
                .iter()
                .filter(|r| r.sources.iter().any(|s| s.language == l))
                .count();
            assert_eq!(rows, 1, "{l:?}");
        }
        let mut exts: Vec<&str> = ROWS
            .iter()
            .flat_map(|r| r.sources)
            .flat_map(|s| s.extensions.iter().copied())
            .collect();
        let n = exts.len();
        exts.sort();
        exts.dedup();
        assert_eq!(exts.len(), n, "an extension names two languages");
    }

    #[test]
    fn scalar_names_read_back_to_the_scalar_they_were_written_for() {
        for row in ROWS {
            for (s, name) in row.scalars {
                assert_eq!(row.scalar_named(name), Some(*s), "{}: {name}", row.name);
                assert_eq!(row.scalar_name(*s), Some((*name, true)));
            }
            for (name, _) in row.read_as {
                assert!(row.scalars.iter().all(|(_, n)| n != name), "{}: {name} twice", row.name);
            }
        }
        assert_eq!(KOTLIN.scalar_named("RealmInstant"), Some(ScalarType::Date));
        assert_eq!(KOTLIN.dynamic_scalar(ScalarType::Counter), Some("Long"));
        assert_eq!(SWIFT.scalar_name(ScalarType::Counter), Some(("Int", false)));
        assert_eq!(SWIFT.scalar_named("Int"), Some(ScalarType::Int));
    }

    #[test]
    fn every_row_with_scalar_names_names_every_scalar() {
        for row in ROWS {
            if row.scalars.is_empty() {
                continue;
            }
            for s in ScalarType::ALL {
                assert!(row.scalar_name(s).is_some(), "{}: no name for {s:?}", row.name);
            }
        }
    }

    #[test]
    fn bases_read_back_to_their_kind() {
        assert_eq!(CSHARP.kind_of_base("EmbeddedObject"), Some(ObjectKind::Embedded));
        assert_eq!(CSHARP.kind_of_base("IRealmObject"), Some(ObjectKind::TopLevel));
        assert_eq!(
            KOTLIN.kind_of_base("AsymmetricRealmObject"),
            Some(ObjectKind::Asymmetric)
        );
        assert_eq!(SWIFT.kind_of_base(""), None);
        assert_eq!(SWIFT.kind_of_base("Object"), Some(ObjectKind::TopLevel));
    }

    #[test]
    fn parse_list_keeps_the_given_order_and_rejects_unknown_names() {
        let l = |s: &str| vec![s.to_string()];
        assert_eq!(
            Sdk::parse_list(&l("java,swift,swift"), &Sdk::ALL),
            Ok(vec![Sdk::Swift, Sdk::Java])
        );
        assert_eq!(Sdk::parse_list(&l("none"), &Sdk::ALL), Ok(vec![]));
        assert!(Sdk::parse_list(&l("rust"), &Sdk::ALL).is_err_and(|e| e.contains("expected swift, kotlin")));
    }
}
