//! Findings about one model (validation) or about a server/client pair (`check`), with a stable
//! id, the model path (`Task.owner`), the place in the file, and a one-line help.
//!
//! Every id is declared once in `KINDS`; `docs/validation.md` is generated from that table and a
//! test fails when it is stale. Ids are public: never rename one.

use std::fmt;

use serde::Serialize;

use crate::model::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// What a diagnostic id means.
#[derive(Debug)]
pub struct Kind {
    pub id: &'static str,
    pub severity: Severity,
    /// Which command reports it.
    pub stage: Stage,
    pub summary: &'static str,
    pub help: &'static str,
    /// Where the rule comes from (facts section / upstream source).
    pub source: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Validate,
    Check,
    /// `diff` / `plan` under `--context local` (schema version and delete-instead flags).
    Local,
    /// `syncplan export`: what does not carry over to the target engine.
    Export,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub id: &'static str,
    pub severity: Severity,
    /// Model path: `Type`, `Type.property`, or a file-level subject such as `sync`.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub message: String,
    pub help: String,
}

impl Diagnostic {
    pub fn new(kind: &Kind, path: impl Into<String>, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            id: kind.id,
            severity: kind.severity,
            path: path.into(),
            location,
            message: message.into(),
            help: kind.help.to_string(),
        }
    }

    /// Sort key: errors first, then by path, id, message (deterministic output).
    pub fn sort_key(&self) -> (Severity, &str, &str, &str) {
        (self.severity, &self.path, self.id, &self.message)
    }
}

pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

macro_rules! kinds {
    ($($konst:ident = ($id:literal, $sev:ident, $stage:ident, $summary:literal, $help:literal, $source:literal);)*) => {
        pub mod kinds {
            use super::{Kind, Severity, Stage};
            $(pub static $konst: Kind = Kind {
                id: $id, severity: Severity::$sev, stage: Stage::$stage,
                summary: $summary, help: $help, source: $source,
            };)*
        }
        /// Every diagnostic kind, in declaration order.
        pub static KINDS: &[&Kind] = &[$(&kinds::$konst),*];
    };
}

kinds! {
    // ---- Load: what the loader normalised or could not map ----
    BSON_TYPE_NORMALIZED = ("bson_type_normalized", Info, Load,
        "A non-canonical type spelling was read as its Realm equivalent",
        "Use the canonical bsonType (see docs/mapping.md) so every tool reads the schema the same way",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; observed in public App Services exports");
    ROOT_BSON_TYPE_MISSING = ("root_bson_type_missing", Info, Load,
        "The schema root has no `bsonType`; read as `object`",
        "Add \"bsonType\": \"object\" at the schema root",
        "observed in public App Services exports (34 of 86 real schema.json files)");
    NAME_NOT_UTF8 = ("name_not_utf8", Warning, Load,
        "A data source, database or collection directory (or a legacy rules file) has a name that is not valid UTF-8: it was read with U+FFFD replacement characters, so the name syncplan shows and compares is not the one on disk",
        "Rename it to its UTF-8 spelling (MongoDB names are UTF-8 strings)",
        "https://www.mongodb.com/docs/atlas/app-services/reference/config/ (app export layout); MongoDB naming restrictions");
    TITLE_MISSING = ("title_missing", Info, Load,
        "The collection schema has no `title`; the collection name is used as the object type name",
        "Add a \"title\" equal to the Realm object type name",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    EMBEDDED_TITLE_MISSING = ("embedded_title_missing", Info, Load,
        "An embedded object schema has no `title`; a type name was derived from its path",
        "Add a \"title\" naming the embedded object type the clients declare",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    BSON_TYPE_NO_REALM_EQUIVALENT = ("bson_type_no_realm_equivalent", Warning, Load,
        "The field's BSON type has no Realm property type; it is left out of the model",
        "Clients cannot sync this field; change its type or keep it out of synced collections",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://www.mongodb.com/docs/atlas/app-services/reference/config/");
    TYPE_UNION = ("type_union", Warning, Load,
        "The field allows several BSON types; read as `mixed`",
        "Realm properties hold one type; use \"mixed\" explicitly or pick one type",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/");
    STRAY_SCHEMA_KEY = ("stray_schema_key", Warning, Load,
        "A key that is not a JSON-schema keyword sits at schema level (probably a property written outside `properties`)",
        "Move it under \"properties\" or remove it",
        "observed in public App Services exports");
    ITEMS_MISSING = ("items_missing", Warning, Load,
        "An array has no `items` schema; read as a list of `mixed`",
        "Add \"items\" with the element's bsonType",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    UNTYPED_OBJECT = ("untyped_object", Warning, Load,
        "An object field has neither `properties` nor `additionalProperties`; read as a dictionary of `mixed`",
        "Give it \"properties\" and a \"title\" (embedded object) or \"additionalProperties\" (dictionary)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    REQUIRED_FIELD_MISSING = ("required_field_missing", Error, Load,
        "`required` names a field that is not in `properties`",
        "Remove the name from \"required\" or add the property",
        "JSON Schema; App Services rejects documents without the field");
    REQUIRED_COLLECTION = ("required_collection", Warning, Load,
        "An array or dictionary field is listed in `required`; Device Sync schemas cannot require collections",
        "Remove the collection from \"required\"",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ (\"You cannot set an array as required in a Device Sync schema\")");
    SCHEMA_EMPTY = ("schema_empty", Info, Load,
        "The collection has an empty schema, so it has no synced object type",
        "Write a schema with a \"title\" and \"properties\" if clients should sync this collection",
        "https://www.mongodb.com/docs/atlas/app-services/reference/config/");
    RELATIONSHIP_REF_DANGLING = ("relationship_ref_dangling", Error, Load,
        "A relationship `ref` names a collection that has no schema in this app",
        "Fix the ref (#/relationship/<data source>/<database>/<collection>) or add that collection's schema",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    RELATIONSHIP_FIELD_MISSING = ("relationship_field_missing", Error, Load,
        "A relationship key names a field that is not in the schema",
        "Rename the relationship key to an existing field (dotted paths for embedded objects: a.b, a.[].b)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    RELATIONSHIP_FOREIGN_KEY_NOT_ID = ("relationship_foreign_key_not_id", Error, Load,
        "With Device Sync a relationship's `foreign_key` must be the foreign collection's `_id`",
        "Set \"foreign_key\": \"_id\"",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ (DAS schemas/relationships)");
    RELATIONSHIP_IS_LIST_MISMATCH = ("relationship_is_list_mismatch", Error, Load,
        "`is_list` does not match the field: true needs an array (or set/dictionary), false a single value",
        "Set \"is_list\" to match the field's shape",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    RELATIONSHIP_TYPE_MISMATCH = ("relationship_type_mismatch", Error, Load,
        "The source field's bsonType differs from the foreign collection's `_id` type",
        "Store the target's primary-key type in the link field",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    RELATIONSHIP_ON_ID = ("relationship_on_id", Error, Load,
        "A relationship's source field cannot be `_id`",
        "Put the link in another field",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    RELATIONSHIP_LEGACY_KEYS = ("relationship_legacy_keys", Warning, Load,
        "The relationship uses legacy camelCase keys (`foreignKey`, `isList`)",
        "Use \"foreign_key\" and \"is_list\"",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    EMBEDDED_TITLE_CONFLICT = ("embedded_title_conflict", Error, Load,
        "Two embedded object schemas share a `title` but differ in shape; Realm has one type per name",
        "Make the shapes identical or give them distinct titles",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    DUPLICATE_TITLE = ("duplicate_title", Error, Load,
        "Two collection schemas use the same `title`; titles must be unique across the synced data source",
        "Rename one title (and the matching client type)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    SOURCE_UNRESOLVED_TYPE = ("source_unresolved_type", Error, Load,
        "An SDK source property has a type the reader cannot map to a Realm type (a type alias, an enum, a generic wrapper, a class not declared as a Realm model in the files read); the property is left out, so the model read is incomplete (its type is marked unread, `check` cannot call it consistent)",
        "Use the SDK's own property types in the model class, or pass every file that declares the model classes",
        "https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/");
    SOURCE_UNSUPPORTED_CONSTRUCT = ("source_unsupported_construct", Error, Load,
        "An SDK source model uses a construct the reader does not interpret (computed schema parts, legacy syntax, delegates, macros naming unknown members); what it declares is left out, so the model read is incomplete (its type is marked unread, `check` cannot call it consistent)",
        "Write the model in the form the SDK documents (see docs: https://www.mongodb.com/docs/atlas/device-sdks/), or check that part of the model by hand",
        "https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/");
    SOURCE_SYNTAX_ERROR = ("source_syntax_error", Error, Load,
        "The grammar could not parse part of an SDK source file that holds (or may hold) models; the model read from it may be incomplete (the enclosing type, or the whole model, is marked unread; `check` cannot call it consistent)",
        "Fix the syntax error, or check that the file compiles; newer language syntax than the grammar knows also ends up here",
        "tree-sitter grammars of the SDK languages");
    SOURCE_DEFAULT_NOT_LITERAL = ("source_default_not_literal", Info, Load,
        "An SDK source property's initialiser is not a literal (a function, a constructor call, a constant); it is not read as a default value",
        "Nothing to do unless the default matters to a diff; literal defaults (numbers, strings, booleans) are read",
        "https://www.mongodb.com/docs/atlas/device-sdks/ (defaults row)");
    SOURCE_NULLABLE_CONTEXT_ASSUMED = ("source_nullable_context_assumed", Info, Load,
        "A C# file has no `#nullable` directive and no project file (`.csproj`, `Directory.Build.props`) says `<Nullable>`; nullable reference types are then off, the C# default, so `string` and `byte[]` were read as optional unless `[Required]`",
        "Nothing to do if that is the project's setting; otherwise pass the folder that holds the .csproj, or add `#nullable enable` to the file",
        "https://www.mongodb.com/docs/atlas/device-sdks/ (optional row), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/");
    SOURCE_UNREAD_TYPE = ("source_unread_type", Error, Load,
        "An SDK source class is a Realm model (it derives from a Realm base class or carries its annotation) but its body could not be read; the type is kept with no properties and marked unread, so no finding that follows from its missing properties (primary key, fields missing on the client) is raised",
        "Write the model in a form the SDK documents, or check this type by hand; the finding names the construct met",
        "Realm SDK model definitions: https://www.mongodb.com/docs/atlas/device-sdks/ (Define an Object Model page of each SDK)");
    // ---- Validate: rules of realm-core and App Services on one model ----
    EMBEDDED_CYCLE = ("embedded_cycle", Error, Validate,
        "Embedded object types form a cycle",
        "Break the cycle with a link to a top-level type (links are stored as primary keys)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp (core check_for_embedded_objects_loop)");
    EMBEDDED_UNREACHABLE = ("embedded_unreachable", Warning, Validate,
        "No top-level type reaches this embedded type",
        "Embed it from a top-level type or remove it (realm-core rejects it in explicit additive mode)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (behaviour measured on realm-core 14.14.0)");
    EMBEDDED_SET = ("embedded_set", Error, Validate,
        "A set of embedded objects is not allowed",
        "Use a list of embedded objects",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (core: \"Set semantics are not applicable to embedded objects\")");
    LINK_TO_ASYMMETRIC = ("link_to_asymmetric", Error, Validate,
        "Nothing may link to an asymmetric (Data Ingest) type",
        "Link in the other direction or make the target top-level",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    LINK_TARGET_MISSING = ("link_target_missing", Error, Validate,
        "The property refers to an object type the model does not declare",
        "Declare the type or fix the name",
        "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    PRIMARY_KEY_MISSING = ("primary_key_missing", Error, Validate,
        "A synced top-level or asymmetric type has no primary key `_id`",
        "Add an `_id` primary key of type objectId, string, int or uuid",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp (\"There must be a primary key property named '_id'\")");
    PRIMARY_KEY_NOT_ID = ("primary_key_not_id", Error, Validate,
        "The primary key's persisted name is not `_id`",
        "Name the primary key `_id`, or keep the code name and map it (`mapTo: '_id'`, `@PersistedName(\"_id\")`, `[MapTo(\"_id\")]`)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (behaviour measured on realm-core 14.14.0)");
    PRIMARY_KEY_TYPE_INVALID = ("primary_key_type_invalid", Error, Validate,
        "The primary key type must be objectId, string, int (long) or uuid",
        "Change the `_id` type (a breaking change once synced)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    EMBEDDED_PRIMARY_KEY = ("embedded_primary_key", Error, Validate,
        "Embedded types cannot have a primary key",
        "Remove the primary key or make the type top-level",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    TO_ONE_LINK_REQUIRED = ("to_one_link_required", Error, Validate,
        "A to-one link or embedded object must be optional",
        "Make the property optional (and leave it out of `required`)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp (\"Property 'X.y' of type 'object' must be nullable\")");
    DICTIONARY_LINK_REQUIRED = ("dictionary_link_required", Error, Validate,
        "Dictionary values that are objects must be optional",
        "Declare the values optional (`Map<String, Dog?>`, `RealmDictionary<Dog?>`)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/");
    LINK_COLLECTION_NULLABLE = ("link_collection_nullable", Error, Validate,
        "Lists and sets of objects cannot hold null",
        "Declare the elements non-optional (`Dog[]`, `List<Dog>`, `RealmList<Dog>`)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp (\"lists and sets of objects can't be nullable\")");
    MIXED_REQUIRED = ("mixed_required", Error, Validate,
        "`mixed` is always nullable and cannot be required",
        "Remove the property from `required`",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    LINKING_OBJECTS_INVALID = ("linking_objects_invalid", Error, Validate,
        "A linkingObjects property does not point at a link back to this type",
        "Point `property` at a link (or list of links) in `objectType` whose target is this type",
        "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    TYPE_NAME_TOO_LONG = ("type_name_too_long", Error, Validate,
        "Object type names are limited to 57 UTF-8 bytes",
        "Shorten the type name",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (core max_table_name_length 63 minus 'class_')");
    COLLECTION_NAME_INVALID = ("collection_name_invalid", Error, Validate,
        "The collection a top-level type maps to (its collection, or for a client model the type name Development Mode uses) is not a valid MongoDB collection name or app-export directory name: empty, `.` or `..`, containing `$`, a NUL character, `/` or `\\`, or starting with `system.`",
        "Rename the type, or keep the code name and map the persisted class name (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`)",
        "MongoDB naming restrictions (https://www.mongodb.com/docs/manual/reference/limits/#naming-restrictions); https://www.mongodb.com/docs/atlas/app-services/reference/config/ (app export layout: one directory per collection)");
    PROPERTY_NAME_TOO_LONG = ("property_name_too_long", Error, Validate,
        "Property names are limited to 63 UTF-8 bytes",
        "Shorten the property name",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (core max_column_name_length)");
    RESERVED_FIELD_NAME = ("reserved_field_name", Error, Validate,
        "The field name is a reserved RQL/App Services keyword",
        "Rename the field (keep the code name with a name mapping if needed)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ (DAS reserved-field-names)");
    ASYMMETRIC_NOT_FLEXIBLE = ("asymmetric_not_flexible", Error, Validate,
        "Asymmetric types need Flexible Sync; partition-based sync rejects them",
        "Switch to Flexible Sync or make the type top-level",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ ; https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/");
    INDEX_NOT_SUPPORTED = ("index_not_supported", Error, Validate,
        "This property type cannot be indexed",
        "Remove the index (indexable: int, bool, date, string, objectId, uuid, mixed)",
        "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    DUPLICATE_PROPERTY_NAME = ("duplicate_property_name", Error, Validate,
        "Two properties share a name (a client name equals another property's name)",
        "Rename one of them",
        "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_schema.cpp");
    QUERYABLE_FIELD_UNKNOWN = ("queryable_field_unknown", Warning, Validate,
        "A queryable field names a field no synced collection has",
        "Remove it from the sync configuration or add the field",
        "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/");
    QUERYABLE_FIELD_NOT_ELIGIBLE = ("queryable_field_not_eligible", Error, Validate,
        "Queryable fields must be top-level scalars or arrays of scalars, not embedded objects",
        "Query on a scalar field instead",
        "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/");
    INDEXED_QUERYABLE_FIELD_INVALID = ("indexed_queryable_field_invalid", Error, Validate,
        "The indexed queryable field must be one, be queryable, and exist with the same type in every synced collection",
        "Fix `indexed_queryable_fields_names` in sync/config.json",
        "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/");
    // ---- Check: server schema vs client model ----
    CHECK_TYPE_MISSING_ON_SERVER = ("check_type_missing_on_server", Error, Check,
        "The client declares a synced object type the server schema does not have",
        "Add a collection schema with this title (or let Development Mode create it)",
        "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/#development-mode ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_PROPERTY_MISSING_ON_SERVER = ("check_property_missing_on_server", Error, Check,
        "The client declares a property the server schema does not have",
        "Add the field to the server schema (an additive change) or remove it from the client",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/create-a-schema/");
    CHECK_PROPERTY_TYPE_MISMATCH = ("check_property_type_mismatch", Error, Check,
        "The client property type does not map to the server field's bsonType",
        "Make both sides agree (see docs/mapping.md)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    CHECK_OPTIONALITY_MISMATCH = ("check_optionality_mismatch", Error, Check,
        "Optional on one side, required on the other",
        "Make both sides agree; required fields are listed in the server schema's `required`",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/");
    CHECK_LINK_TARGET_MISMATCH = ("check_link_target_mismatch", Error, Check,
        "The link or embedded object points at a different type on each side",
        "Point both sides at the same object type",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/");
    CHECK_KIND_MISMATCH = ("check_kind_mismatch", Error, Check,
        "The object type is embedded/top-level/asymmetric on one side and something else on the other",
        "Make the kinds agree (asymmetric types are listed in sync/config.json `asymmetric_tables`)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_PRIMARY_KEY_MISMATCH = ("check_primary_key_mismatch", Error, Check,
        "The primary key differs between server and client",
        "Both sides need the same `_id` primary key",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_COLLECTION_NOT_IN_CLIENT = ("check_collection_not_in_client", Info, Check,
        "A server collection has a schema but this client declares no such type",
        "Nothing to do if this client does not sync it",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ (clients may open a schema subset)");
    CHECK_PROPERTY_NOT_IN_CLIENT = ("check_property_not_in_client", Info, Check,
        "A server field is not declared by this client; objects it creates get the empty value for required fields",
        "Nothing to do if intended; a required field is filled with 0/\"\"/false by the server",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ (schema subset)");
    CHECK_ELEMENT_NULLABILITY = ("check_element_nullability", Info, Check,
        "The client's collection elements are nullable; the server schema cannot say whether elements may be null",
        "Nothing to do unless other clients insert nulls",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_NAME_NEAR_MISS = ("check_name_near_miss", Error, Check,
        "A client object type or property has no exact match on the server, but a server one has nearly the same name (equal ignoring case and `_`, or one or two letters apart) and no exact match either: they are the same thing spelled differently, and Device Sync matches names exactly, so they do not sync to each other",
        "Use one spelling on both sides (rename one, or map the client name with `mapTo`/`@PersistedName`/`[MapTo]`/`@MapTo` to the server name)",
        "Device Sync maps object types to collection schema titles and properties to fields by exact name: https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    // ---- Check: clients against each other (`check SERVER CLIENT CLIENT...`) ----
    CHECK_CLIENTS_TYPE_MISSING = ("check_clients_type_missing", Info, Check,
        "Some clients declare an object type that another client does not",
        "Nothing to do if that client does not sync the type; otherwise declare it there too",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ (clients may open a schema subset)");
    CHECK_CLIENTS_PROPERTY_MISSING = ("check_clients_property_missing", Info, Check,
        "Some clients declare a property of a shared type that another client does not",
        "Nothing to do if intended; objects that client creates get the empty value for a required field",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ (schema subset)");
    CHECK_CLIENTS_DISAGREE_TYPE = ("check_clients_disagree_type", Error, Check,
        "Clients declare the same property with different types (scalar, collection, link target or backlink)",
        "Give the property the same Realm type in every client (see docs/mapping.md for each SDK's spelling)",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ ; https://www.mongodb.com/docs/atlas/device-sdks/");
    CHECK_CLIENTS_DISAGREE_OPTIONALITY = ("check_clients_disagree_optionality", Error, Check,
        "The property (or its collection elements) is optional in one client and required in another",
        "Make every client agree, and the server schema's `required` with them",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_CLIENTS_DISAGREE_KIND = ("check_clients_disagree_kind", Error, Check,
        "The object type is embedded/top-level/asymmetric in one client and something else in another",
        "Declare the type with the same kind in every client",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_CLIENTS_DISAGREE_PRIMARY_KEY = ("check_clients_disagree_primary_key", Error, Check,
        "Clients declare different primary keys for the same object type",
        "Every client needs the same `_id` primary key",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/");
    CHECK_PARTITION_KEY_TYPE = ("check_partition_key_type", Error, Check,
        "A client declares the partition key field with a type other than the partition key type of partition-based sync (the server schema leaves the field out, so no other check sees it)",
        "Declare the partition key field with the partition key type, or leave it out of the client model",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-access-patterns/partitions/");
    CHECK_CLIENTS_MAPPED_NAME_DIFFERS = ("check_clients_mapped_name_differs", Warning, Check,
        "Clients name a property alike in code but persist it under different names (a `mapTo`/`@PersistedName`/`[MapTo]` in one client only), so they sync different fields",
        "Map the property to the same persisted name in every client",
        "https://www.mongodb.com/docs/atlas/device-sdks/ (rename property row)");
    ASYMMETRIC_IN_LOCAL_REALM = ("asymmetric_in_local_realm", Error, Local,
        "An asymmetric (ingest-only) type in a model opened as a local realm: realm-core refuses it (\"Asymmetric table not allowed in a local Realm\")",
        "Make the type top-level, or open the realm with a sync configuration",
        "realm-core `object_schema.cpp` `ObjectSchema::validate`");
    SCHEMA_VERSION_NOT_BUMPED = ("schema_version_not_bumped", Error, Local,
        "The model changed in a way that needs a higher `schemaVersion`, but the version is unchanged: existing installs fail to open the realm (\"Migration is required due to the following errors\")",
        "Raise the schema version where the configuration sets it (and add migration code where the report says `migration`)",
        "https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/");
    SCHEMA_VERSION_LOWERED = ("schema_version_lowered", Error, Local,
        "The new schema version is lower than the old one: realm-core refuses to open an existing file (\"Provided schema version … is less than last set version …\")",
        "Never lower the schema version; raise it above the old one",
        "realm-core `object_store.cpp` `verify_schema_version_not_decreasing`");
    SCHEMA_VERSION_UNRESOLVED = ("schema_version_unresolved", Warning, Local,
        "The schema version is set from an expression syncplan cannot evaluate (not an integer literal or a constant it found)",
        "Pass the versions with --schema-version OLD:NEW, or set the version from an integer constant",
        "https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/change-an-object-model/");
    DELETE_REALM_IF_MIGRATION_NEEDED = ("delete_realm_if_migration_needed", Warning, Local,
        "The configuration deletes the realm file instead of migrating (`deleteRealmIfMigrationNeeded`, `shouldDeleteIfMigrationNeeded`, `ShouldDeleteIfMigrationNeeded`, a reset schema mode): in a release build every upgrade that needs a migration wipes the user's data (Kotlin: even an added class)",
        "Keep the flag to debug builds; ship a schemaVersion bump and a migration instead",
        "https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/");
    // ---- Export: what does not carry over to PowerSync or SQLite (`syncplan export`) ----
    EXPORT_TYPE_AS_TEXT = ("export_type_as_text", Info, Export,
        "A value type the target has no column type for is stored as text (Decimal128 as its decimal string, dates as ISO-8601 text, ObjectId as 24 lower-case hex digits, UUID as lower-case dashed text)",
        "Parse the text back in the app where the type matters (sorting dates as text works for ISO-8601 UTC; decimals do not sort as text)",
        "https://docs.powersync.com/sync/types ; https://www.sqlite.org/datatype3.html");
    EXPORT_NESTED_AS_JSON = ("export_nested_as_json", Info, Export,
        "An embedded object, a list, a set or a dictionary is stored as one JSON text column: partial updates become whole-column writes and a set's uniqueness is no longer enforced by the store",
        "Query the JSON with SQLite's JSON functions (json_extract, json_each); where the client needs indexed access to a nested field, select it as its own column",
        "https://docs.powersync.com/client-sdks/advanced/query-json-in-sqlite ; https://www.sqlite.org/json1.html");
    EXPORT_BINARY_AS_BASE64 = ("export_binary_as_base64", Warning, Export,
        "Binary data cannot be synced to PowerSync clients as is: the stream selects it as base64 text, and binary values nested inside objects or arrays are dropped by the replicator",
        "Decode the base64 text in the app; move large binaries to an attachment store",
        "https://docs.powersync.com/sync/types");
    EXPORT_MIXED_UNTYPED = ("export_mixed_untyped", Warning, Export,
        "A `mixed` property holds values of several types; a PowerSync client column has one declared type, so the per-row type is lost (SQLite STRICT tables keep it as ANY)",
        "Select `typeof(col)` as a companion column if the app needs the type, or split the property by type",
        "https://docs.powersync.com/sync/types ; https://www.sqlite.org/stricttables.html");
    EXPORT_BACKLINK_AS_QUERY = ("export_backlink_as_query", Info, Export,
        "A LinkingObjects (backlink) property has no column: it becomes a query over the forward link's column",
        "Replace the property access with a query (the generated file lists it)",
        "https://docs.powersync.com/migration-guides/atlas-device-sync");
    EXPORT_COUNTER_LAST_WRITE_WINS = ("export_counter_last_write_wins", Warning, Export,
        "A counter (MutableRealmInt / RealmInteger / counter) merged concurrent increments under Device Sync; as a plain integer column, concurrent increments overwrite each other unless the backend applies them as deltas",
        "Upload increments as operations and apply them with $inc in the backend's upload handler",
        "https://docs.powersync.com/handling-writes/custom-conflict-resolution");
    EXPORT_CONSTRAINTS_NOT_ENFORCED = ("export_constraints_not_enforced", Info, Export,
        "The PowerSync client schema is a set of views over JSON rows: required properties, defaults and primary-key types are not enforced on the client",
        "Validate writes in the backend that receives uploads (the App Services JSON schema can become a MongoDB $jsonSchema validator)",
        "https://docs.powersync.com/client-sdks/reference ; https://www.mongodb.com/docs/manual/core/schema-validation/");
    EXPORT_WRITE_RULES_TO_BACKEND = ("export_write_rules_to_backend", Warning, Export,
        "Write permissions (document_filters.write, insert/delete rules, field-level write rules, partition write rules) have no declarative PowerSync equivalent: writes are uploaded to your backend",
        "Enforce these rules in the backend's upload handler; the finding quotes each one",
        "https://docs.powersync.com/configuration/app-backend/client-side-integration");
    EXPORT_READ_RULE_UNTRANSLATED = ("export_read_rule_untranslated", Error, Export,
        "A read permission could not be translated into a stream filter; the stream for this collection was left out rather than syncing documents a user may not read",
        "Write the stream's WHERE clause by hand (the finding quotes the rule), then add the stream to the generated file",
        "https://docs.powersync.com/sync/streams/parameters");
    EXPORT_NO_READ_RULE = ("export_no_read_rule", Error, Export,
        "No read permission is known for a collection (no sync configuration and no rules.json / default_rule.json): syncplan cannot tell which documents each user may read, so no stream was generated for it",
        "Add the collection's stream by hand with a filter on the user (auth.user_id()), or export from the app export that holds its rules",
        "https://docs.powersync.com/sync/streams/overview");
    EXPORT_CLIENT_PARAMETER = ("export_client_parameter", Info, Export,
        "The stream takes a value the client chooses (a partition the app opened), which PowerSync reports as a potentially dangerous query; the original rule let every user read every partition, so the stream accepts it",
        "Subscribe with the partition value in the client (`db.syncStream(name, {partition: ...})`), or narrow the rule",
        "https://docs.powersync.com/sync/streams/parameters");
    EXPORT_JWT_CLAIM = ("export_jwt_claim", Warning, Export,
        "A rule used the user's custom data; the stream reads it from a claim of the JWT your new auth provider issues",
        "Put the claim in the JWT (or replace it with a subquery on your users collection)",
        "https://docs.powersync.com/sync/streams/parameters");
    EXPORT_NAME_CHANGED = ("export_name_changed", Warning, Export,
        "A type or property name cannot be used as is by the target (a column named `id` beside `_id`, or characters PowerSync forbids in names): it was given another name",
        "Use the new name in the app's queries, or rename the property",
        "https://docs.powersync.com/client-sdks/reference");
    EXPORT_NO_PRIMARY_KEY = ("export_no_primary_key", Warning, Export,
        "The object type has no primary key; the target table gets a generated one, so existing objects need an id assigned when their data is copied and links to them need that id",
        "Give the type a primary key before moving its data",
        "https://docs.powersync.com/sync/advanced/client-id");
    EXPORT_ASYMMETRIC_INSERT_ONLY = ("export_asymmetric_insert_only", Info, Export,
        "An asymmetric (Data Ingest) type becomes an insert-only table: rows are uploaded and not kept on the device, and no stream syncs them down",
        "Write the uploaded rows to MongoDB in the backend's upload handler",
        "https://docs.powersync.com/handling-writes/custom-conflict-resolution");
    EXPORT_NOT_READABLE = ("export_not_readable", Info, Export,
        "No role lets any user read the collection, so no stream syncs it (clients could not read it under Device Sync either); it can still be written through the backend",
        "Add a stream by hand if clients should now read it",
        "https://docs.powersync.com/sync/streams/overview");
    EXPORT_SUBSCRIPTIONS_WIDENED = ("export_subscriptions_widened", Info, Export,
        "Under Flexible Sync clients chose documents with subscription queries; the stream syncs every document the user may read",
        "Narrow the stream with subscription parameters on the fields the app subscribed by (`subscription.parameter('x')`) if the full set is too large",
        "https://docs.powersync.com/sync/streams/overview");
    // ---- server side: misspellings, sync configuration and permissions ----
    UNKNOWN_SCHEMA_KEY = ("unknown_schema_key", Warning, Load,
        "A field's schema holds a key that is not a JSON-schema keyword (often a misspelling such as `\"bsonType:\"`); it is ignored, which can leave the field untyped (`mixed`)",
        "Fix the spelling (the message suggests the nearest keyword) or remove the key",
        "https://www.mongodb.com/docs/atlas/app-services/schemas/types/");
    ROLE_SHAPE_UNKNOWN = ("role_shape_unknown", Warning, Load,
        "A role in `rules.json` or `default_rule.json` has a shape syncplan cannot read (not an object, no name, or a permission that is neither a boolean nor an expression); it is kept as written and compared as a whole",
        "Check the role against the documented role configuration",
        "https://www.mongodb.com/docs/atlas/app-services/rules/roles/");
    PARTITION_KEY_MISSING = ("partition_key_missing", Error, Validate,
        "Partition-based sync partitions on a key that a synced collection's schema does not have",
        "Add the partition key field (with the configured type) to every synced collection schema",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-access-patterns/partitions/");
    PARTITION_KEY_TYPE_MISMATCH = ("partition_key_type_mismatch", Error, Validate,
        "The partition key field of a synced collection does not have the type the sync configuration declares",
        "Give the field the partition key type (string, int, long, objectId or uuid) in every synced collection",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-access-patterns/partitions/");
    PARTITION_KEY_NOT_REQUIRED = ("partition_key_not_required", Error, Validate,
        "The sync configuration says the partition key is required but a synced collection's schema leaves it optional",
        "List the partition key in `required` of every synced collection schema, or set `required: false` in sync/config.json",
        "https://www.mongodb.com/docs/atlas/app-services/sync/data-access-patterns/partitions/");
    QUERYABLE_FIELDS_TOO_MANY = ("queryable_fields_too_many", Warning, Validate,
        "More than 10 queryable fields (global plus collection-level) apply to one collection, above the documented recommendation",
        "Keep the queryable fields that subscriptions and permissions use",
        "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/#queryable-fields");
    PERMISSION_FIELD_NOT_QUERYABLE = ("permission_field_not_queryable", Error, Validate,
        "Under Flexible Sync, a role's document filter, insert or delete expression refers to a field that is not queryable: the role is not Sync compatible and a session it applies to is denied",
        "Add the field to the queryable fields (global or collection-level) or rewrite the expression",
        "https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/");
    ASYMMETRIC_TABLE_UNKNOWN = ("asymmetric_table_unknown", Warning, Validate,
        "An entry of `asymmetric_tables` names no top-level collection of the model (an embedded type or a collection without a schema cannot be an asymmetric table)",
        "Name the collection of a top-level type, or remove the entry",
        "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/#data-ingest");
    PERMISSION_NOT_SYNC_COMPATIBLE = ("permission_not_sync_compatible", Error, Validate,
        "Under Flexible Sync, a role is not Sync compatible: `document_filters.read`/`write` missing, an expansion other than %%true, %%false, %%values, %%environment or %%user, `%function`, a non-boolean top-level or field-level read/write, a field-level permission on `_id`, or an `apply_when` that refers to the document",
        "Rewrite the role as the Sync-compatibility page describes",
        "https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/");
}

/// `docs/validation.md`, generated from `KINDS`.
pub fn render_markdown() -> String {
    let mut s = String::from("<!-- GENERATED by `syncplan docs` from src/diagnostic.rs. Do not edit by hand. -->\n");
    s.push_str("# Validation and consistency findings\n\n");
    s.push_str("`syncplan validate` reports load and validate findings; `syncplan check` adds the check findings. ");
    s.push_str("Ids are stable and never renamed. `validate` and `check` exit 1 when any finding is an error.\n");
    for (stage, title) in [
        (Stage::Load, "Load"),
        (Stage::Validate, "Validate"),
        (Stage::Check, "Check (server vs client)"),
        (Stage::Local, "Local realm (`diff` / `plan --context local`)"),
        (Stage::Export, "Export (`syncplan export`: what does not carry over)"),
    ] {
        s.push_str(&format!(
            "\n## {title}\n\n| id | level | what | help | source |\n|---|---|---|---|---|\n"
        ));
        for k in KINDS.iter().filter(|k| k.stage == stage) {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                k.id, k.severity, k.summary, k.help, k.source
            ));
        }
    }
    s
}

/// Load findings that mean "a part of the model was met but not read". A reader reports one of
/// these on the class (`Dog`) or the member (`Dog.name`); the source builder marks what it names,
/// and `crate::unread` makes every judgement on it incomplete.
pub const UNREAD_IDS: [&str; 4] = [
    kinds::SOURCE_UNRESOLVED_TYPE.id,
    kinds::SOURCE_UNSUPPORTED_CONSTRUCT.id,
    kinds::SOURCE_SYNTAX_ERROR.id,
    kinds::SOURCE_UNREAD_TYPE.id,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_snake_case() {
        let mut ids: Vec<&str> = KINDS.iter().map(|k| k.id).collect();
        for id in &ids {
            // snake_case: lowercase words, digits inside a word (`utf8`), never first.
            assert!(
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{id}"
            );
        }
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "duplicate diagnostic id");
    }
}
