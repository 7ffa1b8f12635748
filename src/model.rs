//! The one typed data model both sides load into: App Services schemas (server) and Realm object
//! models (client). Every later stage (graph, validation, check, diff, plan, codegen) reads this.
//!
//! Architecture invariant: property identity is the **persisted** name (the name in the server
//! document and in the Realm file); the SDK-side name is `client_name` (`mapTo` in Realm JS).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Where something was read from: a file path (as given or relative to the loaded root) and a
/// 1-based line/column (0 when unknown), and where the span ends when known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Location {
    pub file: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub column: u32,
    /// Where the span ends (exclusive: just past its last character), when known; 0 otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    pub end_line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub end_column: u32,
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        } else {
            write!(f, "{}", self.file)
        }
    }
}

/// The Realm scalar types (realm-core `PropertyType` less Object/LinkingObjects, plus the
/// client-side `counter`). The mapping to BSON lives in `mapping.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ScalarType {
    Bool,
    Int,
    Float,
    Double,
    String,
    Data,
    Date,
    Decimal128,
    ObjectId,
    Uuid,
    Mixed,
    /// Kotlin `MutableRealmInt`, .NET `RealmInteger`, JS `counter`: a plain `long` on the server.
    Counter,
}

impl ScalarType {
    /// The type's Realm JS name (`objectId`, `decimal128`, ...): the shorthand of every report and
    /// of Realm JS models, and the `serde` name. `mapping::SCALARS` reads it from here.
    pub const fn name(self) -> &'static str {
        match self {
            ScalarType::Bool => "bool",
            ScalarType::Int => "int",
            ScalarType::Float => "float",
            ScalarType::Double => "double",
            ScalarType::String => "string",
            ScalarType::Data => "data",
            ScalarType::Date => "date",
            ScalarType::Decimal128 => "decimal128",
            ScalarType::ObjectId => "objectId",
            ScalarType::Uuid => "uuid",
            ScalarType::Mixed => "mixed",
            ScalarType::Counter => "counter",
        }
    }

    /// Every scalar type, in declaration order (tests, generators and the mapping table use it).
    pub const ALL: [ScalarType; 12] = [
        ScalarType::Bool,
        ScalarType::Int,
        ScalarType::Float,
        ScalarType::Double,
        ScalarType::String,
        ScalarType::Data,
        ScalarType::Date,
        ScalarType::Decimal128,
        ScalarType::ObjectId,
        ScalarType::Uuid,
        ScalarType::Mixed,
        ScalarType::Counter,
    ];

    /// Position in [`ScalarType::ALL`]; the exhaustive match makes a new variant a compile
    /// error here until it is added to `ALL`.
    pub const fn index(self) -> usize {
        match self {
            ScalarType::Bool => 0,
            ScalarType::Int => 1,
            ScalarType::Float => 2,
            ScalarType::Double => 3,
            ScalarType::String => 4,
            ScalarType::Data => 5,
            ScalarType::Date => 6,
            ScalarType::Decimal128 => 7,
            ScalarType::ObjectId => 8,
            ScalarType::Uuid => 9,
            ScalarType::Mixed => 10,
            ScalarType::Counter => 11,
        }
    }
}

/// The element of a property: a scalar or a reference to another object type. Whether an
/// object reference is a *link* or an *embedded object* follows from the target's `ObjectKind`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Element {
    Scalar(ScalarType),
    Object(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Collection {
    /// Not a collection: one value.
    Single,
    List,
    Set,
    Dictionary,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PropertyType {
    Value {
        collection: Collection,
        element: Element,
    },
    /// A computed backlink (client only): objects of `object_type` whose `property` links here.
    LinkingObjects {
        object_type: String,
        property: String,
    },
}

impl PropertyType {
    pub fn single(s: ScalarType) -> Self {
        PropertyType::Value {
            collection: Collection::Single,
            element: Element::Scalar(s),
        }
    }
    pub fn collection(&self) -> Option<Collection> {
        match self {
            PropertyType::Value { collection, .. } => Some(*collection),
            PropertyType::LinkingObjects { .. } => None,
        }
    }
    pub fn element(&self) -> Option<&Element> {
        match self {
            PropertyType::Value { element, .. } => Some(element),
            PropertyType::LinkingObjects { .. } => None,
        }
    }
    pub fn is_collection(&self) -> bool {
        !matches!(
            self,
            PropertyType::Value {
                collection: Collection::Single,
                ..
            }
        )
    }
    /// The object type this property refers to (link, embedded, or backlink origin).
    pub fn target(&self) -> Option<&str> {
        match self {
            PropertyType::Value {
                element: Element::Object(t),
                ..
            } => Some(t),
            PropertyType::LinkingObjects { object_type, .. } => Some(object_type),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    TopLevel,
    Embedded,
    Asymmetric,
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ObjectKind::TopLevel => "top-level",
            ObjectKind::Embedded => "embedded",
            ObjectKind::Asymmetric => "asymmetric",
        })
    }
}

/// An Atlas namespace: linked data source (service) name, database, collection.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Namespace {
    pub data_source: String,
    pub database: String,
    pub collection: String,
}

impl fmt::Display for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.data_source, self.database, self.collection)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    /// Persisted name: the field in the server document and the column in the Realm file.
    pub name: String,
    /// The SDK-side name when it differs (`mapTo`, `@PersistedName`, `[MapTo]` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    #[serde(rename = "type")]
    pub ty: PropertyType,
    /// Nullable value; for collections, nullable *elements* (Realm JS `int?[]`).
    pub optional: bool,
    pub indexed: bool,
    /// Client-side default value (not part of the server schema).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Server-side constraints a document must satisfy besides the type (JSON-Schema `enum`,
    /// `minimum`, `maxLength`, `pattern`, `minItems`, `validate` ...), keyed by keyword.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<String, serde_json::Value>,
    #[serde(skip)]
    pub location: Option<Location>,
    /// The `bsonType` as the app export's schema file spells it (`int`, `long`, `[\"string\",
    /// \"null\"]` ...), where the model was loaded from one: provenance, like `location`, so that
    /// what is written back keeps the file's spelling where the model does not change.
    #[serde(skip)]
    pub stored_bson_type: Option<serde_json::Value>,
}

impl Property {
    pub fn new(name: impl Into<String>, ty: PropertyType, optional: bool) -> Self {
        Property {
            name: name.into(),
            client_name: None,
            ty,
            optional,
            indexed: false,
            default: None,
            constraints: BTreeMap::new(),
            location: None,
            stored_bson_type: None,
        }
    }
    /// The name the SDK code uses.
    pub fn public_name(&self) -> &str {
        self.client_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectType {
    pub name: String,
    pub kind: ObjectKind,
    /// Persisted name of the primary key property, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<String>,
    /// The collection it maps to (server side; embedded types have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Namespace>,
    /// Properties keyed by persisted name (sorted, so output is deterministic).
    pub properties: BTreeMap<String, Property>,
    /// Object-level server constraints (`validate`, `minProperties` ...), keyed by keyword.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<String, serde_json::Value>,
    #[serde(skip)]
    pub location: Option<Location>,
    /// What the reader could not read of this type (SDK sources); `None` when all of it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<Unread>,
}

impl ObjectType {
    pub fn new(name: impl Into<String>, kind: ObjectKind) -> Self {
        ObjectType {
            name: name.into(),
            kind,
            primary_key: None,
            namespace: None,
            properties: BTreeMap::new(),
            constraints: BTreeMap::new(),
            location: None,
            unread: None,
        }
    }

    /// Whether the type may have a property named `name` that the reader could not read.
    pub fn may_lack(&self, name: &str) -> bool {
        self.unread.as_ref().is_some_and(|u| u.may_lack(name))
    }
}

/// The parts of an object type a reader met but could not read (an unresolved type, a construct
/// it does not interpret, a syntax error): the type is incomplete, and what only follows from the
/// missing part (no primary key, a field "missing" on the client) is never concluded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Unread {
    /// The body could not be read: none of the type's properties are known.
    #[serde(skip_serializing_if = "is_false")]
    pub body: bool,
    /// Members left out, by persisted name (the code name when the persisted one is unknown).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Members were left out that the reader could not name (e.g. a syntax error in the class).
    #[serde(skip_serializing_if = "is_false")]
    pub unnamed: bool,
}

impl Unread {
    /// Whether a property named `name` may be among the parts left out.
    pub fn may_lack(&self, name: &str) -> bool {
        self.body || self.unnamed || self.members.iter().any(|m| m == name)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Which side a model was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// App Services schema (app export or a single schema.json).
    Server,
    /// Realm client object model.
    Client,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncMode {
    Flexible,
    Partition,
}

/// The parts of `sync/config.json` that matter to the data model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct SyncConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<SyncMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub development_mode_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_name: Option<String>,
    pub queryable_fields: Vec<String>,
    pub indexed_queryable_fields: Vec<String>,
    pub collection_queryable_fields: BTreeMap<String, Vec<String>>,
    pub asymmetric_tables: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_key_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_key_required: Option<bool>,
    /// Partition-based sync `partition.permissions` (`read`/`write` rule expressions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_permissions: Option<serde_json::Value>,
    /// The early Flexible Sync `permissions` block of the sync configuration
    /// (`{"rules": {<collection>: [roles]}, "defaultRoles": [roles]}`), before roles moved to
    /// `rules.json`. Not serialised (the report's JSON stays as it was).
    #[serde(skip)]
    pub flexible_permissions: Option<serde_json::Value>,
    /// `is_recovery_mode_disabled` (client recovery off when true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_mode_disabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_max_offline_days: Option<serde_json::Value>,
    #[serde(skip)]
    pub location: Option<Location>,
}

/// One role of `rules.json` / `default_rule.json`, kept whole (`raw`) so that shapes syncplan
/// does not know are compared and reported, never dropped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Role {
    pub name: String,
    pub raw: serde_json::Value,
    #[serde(skip)]
    pub location: Option<Location>,
}

/// The roles of one collection (`rules.json`) or of the data source default (`default_rule.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct RuleSet {
    pub roles: Vec<Role>,
    /// Read from a legacy (config version 20180301) rules file, whose roles predate
    /// `document_filters`.
    #[serde(skip)]
    pub legacy: bool,
    #[serde(skip)]
    pub location: Option<Location>,
}

/// Data access permissions of an app export.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Permissions {
    /// `default_rule.json` per data source.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub default_rules: BTreeMap<String, RuleSet>,
    /// `rules.json` per collection, keyed by the object type name of the collection (or the
    /// collection name when no schema names it).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub collections: BTreeMap<String, RuleSet>,
}

/// One side's data model, as loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    pub side: Side,
    /// Object types keyed by name (the `title` on the server).
    pub types: BTreeMap<String, ObjectType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncConfig>,
    /// Realm `schemaVersion` when the client model declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<u64>,
    /// Where SDK source sets the schema version and delete-instead flags (not serialised).
    #[serde(skip)]
    pub source_config: Option<SourceConfig>,
    /// Part of the model could not be read (see `ObjectType::unread`; also set for a part outside
    /// any type, e.g. a syntax error between classes): every judgement on it is incomplete.
    #[serde(skip_serializing_if = "is_false")]
    pub incomplete: bool,
    /// `rules.json` / `default_rule.json` of an app export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

impl Schema {
    pub fn new(side: Side) -> Self {
        Schema {
            side,
            types: BTreeMap::new(),
            sync: None,
            schema_version: None,
            source_config: None,
            incomplete: false,
            permissions: None,
        }
    }

    pub fn property(&self, ty: &str, prop: &str) -> Option<&Property> {
        self.types.get(ty)?.properties.get(prop)
    }

    pub fn kind_of(&self, ty: &str) -> Option<ObjectKind> {
        self.types.get(ty).map(|t| t.kind)
    }

    pub fn property_count(&self) -> usize {
        self.types.values().map(|t| t.properties.len()).sum()
    }

    /// Number of properties that refer to another *non-embedded* type (links) and backlinks.
    pub fn link_count(&self) -> usize {
        self.types
            .values()
            .flat_map(|t| t.properties.values())
            .filter(|p| match &p.ty {
                PropertyType::Value {
                    element: Element::Object(t),
                    ..
                } => self.kind_of(t) != Some(ObjectKind::Embedded),
                PropertyType::LinkingObjects { .. } => true,
                _ => false,
            })
            .count()
    }
}

/// Renders a property type in Realm JS shorthand (`string?`, `int[]`, `Dog<>`, `float{}`), the
/// notation used in every report.
pub fn type_shorthand(ty: &PropertyType, optional: bool) -> String {
    match ty {
        PropertyType::LinkingObjects { object_type, property } => {
            format!("linkingObjects({object_type}.{property})")
        }
        PropertyType::Value { collection, element } => {
            let base = match element {
                Element::Scalar(s) => s.name().to_string(),
                Element::Object(t) => t.clone(),
            };
            let q = if optional { "?" } else { "" };
            match collection {
                Collection::Single => format!("{base}{q}"),
                Collection::List => format!("{base}{q}[]"),
                Collection::Set => format!("{base}{q}<>"),
                Collection::Dictionary => format!("{base}{q}{{}}"),
            }
        }
    }
}

// ---------------------------------------------------------------- source configuration ----
// Where SDK source sets the local schema version and delete-instead flags (read by
// `source::version`, judged by `classify::attach_local`).

/// What one place in the source sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteKind {
    /// The schema version, resolved to a number.
    Version(u64),
    /// The schema version set from an expression that could not be resolved (its text).
    Unresolved(String),
    /// A delete-the-file-instead-of-migrating flag (the flag's name).
    DeleteFlag(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub kind: SiteKind,
    pub location: Location,
}

/// The configuration sites of one client input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceConfig {
    pub sites: Vec<Site>,
    /// The whole app folder was read: a version set nowhere is the SDK default, 0. When only one
    /// file was read, a version set elsewhere may exist, so its absence says nothing.
    pub whole_app: bool,
}

impl SourceConfig {
    /// The version this input sets: the highest resolved one with the sites that set it, `Some(0)`
    /// (no site) for a whole app that sets none, `None` when unknown.
    pub fn version(&self) -> Option<(u64, Vec<&Site>)> {
        let max = self
            .sites
            .iter()
            .filter_map(|s| match s.kind {
                SiteKind::Version(v) => Some(v),
                _ => None,
            })
            .max();
        match max {
            Some(m) => Some((
                m,
                self.sites.iter().filter(|s| s.kind == SiteKind::Version(m)).collect(),
            )),
            None if self.whole_app && !self.sites.iter().any(|s| matches!(s.kind, SiteKind::Unresolved(_))) => {
                Some((0, vec![]))
            }
            None => None,
        }
    }

    pub fn delete_flags(&self) -> impl Iterator<Item = &Site> {
        self.sites.iter().filter(|s| matches!(s.kind, SiteKind::DeleteFlag(_)))
    }

    pub fn unresolved(&self) -> impl Iterator<Item = &Site> {
        self.sites.iter().filter(|s| matches!(s.kind, SiteKind::Unresolved(_)))
    }
}
