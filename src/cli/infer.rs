//! `syncplan infer` command-line arguments and entry point.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use syncplan::infer::build::TitleStyle;
use syncplan::infer::{NamedInput, Options};
use syncplan::load::{display_path, io_message};

/// Infer an App Services schema by sampling documents (mongoexport JSON, JSON arrays, mongodump .bson)
#[derive(clap::Args, Debug)]
#[command(
    long_about = "Reads documents and infers the App Services schema (and so the Realm client models) they fit, \
like the App Services \"Generate Schema\" sampler and Compass's schema view, offline and on inputs of any size.\n\n\
INPUT is detected by content: mongodump BSON (.bson, concatenated documents; .bson.gz), mongoexport Extended JSON \
(one canonical or relaxed document per line) or a JSON array (mongoexport --jsonArray); gzip is detected anywhere; \
`-` reads stdin. Each input is one collection, named after the file (without .bson/.json/.jsonl/.gz) unless \
--collection is given (once per input, in order). Inputs naming the same collection are read as one.\n\n\
The rules (docs/inference.md): int32 → int, int64 → int (both Realm int, written as bsonType long; the report keeps \
the distinction); a field in every sampled document and never null is required; nested documents are embedded \
objects titled from their path; arrays are lists of their element type; objects with varying keys of one value type \
are dictionaries; int/long with double widen to double (flagged); other conflicts are mixed; all-null fields are \
optional mixed; `_id` gives the primary key; with several collections, fields whose values are another collection's \
`_id`s are proposed as links with their match rate. Every decision is listed for review.\n\n\
--out writes an App Services app export that `syncplan validate` accepts and `syncplan codegen` turns into client \
models. Bad input (truncated or corrupt BSON, a malformed JSON line, invalid UTF-8) stops with the file, document or \
line, and byte offset, unless --skip-invalid.\n\n\
Exit codes: 0 inferred, 1 the inferred model has errors to fix (e.g. an `_id` that cannot be a primary key; the \
export is still written), 2 usage or input error.",
    after_help = "Examples:\n  syncplan infer dump/shop/orders.bson dump/shop/users.bson --out app\n  mongoexport -d shop -c orders | syncplan infer - --collection orders --stats\n  syncplan infer orders.json --sample 5000 --seed 7 --format json"
)]
pub struct InferArgs {
    /// Input files (`-` for stdin): .bson, .bson.gz, Extended JSON lines, JSON arrays
    pub inputs: Vec<PathBuf>,
    /// Collection name, once per input in order (default: the file name without extensions)
    #[arg(long = "collection", value_name = "NAME")]
    pub collections: Vec<String>,
    /// Database name for the export (default: the mongodump directory holding the .bson files, else `inferred`)
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,
    /// Infer from a uniform random sample of N documents per collection (reservoir sampling); default: every document
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub sample: Option<u64>,
    /// Random seed for --sample (default: from the clock; the report prints it)
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Write the App Services app export under DIR
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write into a non-empty --out (replaces only the files syncplan writes)
    #[arg(long)]
    pub force: bool,
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Add per-field statistics to the report: presence, BSON type histogram, examples
    #[arg(long)]
    pub stats: bool,
    /// Count and report invalid documents instead of stopping at the first one
    #[arg(long)]
    pub skip_invalid: bool,
    /// Linked data source (service) name in the export
    #[arg(long, value_name = "NAME", default_value = syncplan::devmode::DATA_SOURCE)]
    pub data_source: String,
    /// How embedded object types are named
    #[arg(long, value_enum, default_value_t = TitleStyleArg::Path)]
    pub title_style: TitleStyleArg,
    /// Parsing threads (default: the number of cores)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    pub threads: Option<u64>,
    /// Sample a live collection instead of files: mongodb://… (needs a build with the `mongodb` feature)
    #[arg(long, value_name = "URI")]
    pub uri: Option<String>,
}

pub fn execute(args: InferArgs) -> Result<ExitCode, String> {
    let mut opts = Options {
        sample: args.sample,
        seed: args.seed.unwrap_or_else(clock_seed),
        skip_invalid: args.skip_invalid,
        progress: true,
        title_style: args.title_style.into(),
        data_source: args.data_source.clone(),
        ..Options::default()
    };
    if let Some(t) = args.threads {
        opts.threads = t as usize;
    }
    check_name("--data-source", &args.data_source)?;
    let reads = if let Some(uri) = &args.uri {
        if !args.inputs.is_empty() {
            return Err("give either input files or --uri, not both".into());
        }
        let database = args
            .database
            .clone()
            .ok_or("--uri needs --database (the database to sample)")?;
        check_database(&database)?;
        if args.collections.is_empty() {
            return Err("--uri needs --collection (repeat it to sample several collections)".into());
        }
        for c in &args.collections {
            check_collection(c)?;
        }
        opts.database = database;
        live(uri, &args.collections, &opts)?
    } else {
        if args.inputs.is_empty() {
            return Err(
                "no input: give .bson/.json files (or - for stdin), or --uri with the `mongodb` feature".into(),
            );
        }
        if !args.collections.is_empty() && args.collections.len() != args.inputs.len() {
            return Err(format!(
                "{} inputs but {} --collection names: give one --collection per input, in order",
                args.inputs.len(),
                args.collections.len()
            ));
        }
        if args.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err("stdin (`-`) can be read only once".into());
        }
        let mut named = Vec::new();
        for (i, p) in args.inputs.iter().enumerate() {
            let collection = match args.collections.get(i) {
                Some(c) => c.clone(),
                None => collection_from_path(p),
            };
            check_collection(&collection)?;
            named.push(open(p, collection)?);
        }
        opts.database = match &args.database {
            Some(d) => d.clone(),
            None => dump_database(&args.inputs).unwrap_or_else(|| "inferred".into()),
        };
        check_database(&opts.database)?;
        syncplan::infer::read_all(named, &opts)?
    };
    if reads.iter().all(|r| r.read.used == 0) {
        let names: Vec<&str> = reads.iter().map(|r| r.file.as_str()).collect();
        return Err(format!("no documents to infer a schema from in {}", names.join(", ")));
    }
    let inf = syncplan::infer::infer(reads, &opts);
    if let Some(dir) = &args.out {
        crate::cli::write_tree(dir, &inf.files, args.force)?;
        eprintln!("wrote {} files to {}", inf.files.len(), display_path(dir));
    }
    emit(&match args.format {
        Format::Text => syncplan::infer::report::text(&inf, args.stats),
        Format::Json => syncplan::infer::report::json(&inf),
    });
    Ok(if inf.report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(feature = "mongodb")]
fn live(uri: &str, collections: &[String], opts: &Options) -> Result<Vec<syncplan::infer::CollectionRead>, String> {
    syncplan::infer::live::read(uri, collections, opts)
}

#[cfg(not(feature = "mongodb"))]
fn live(_uri: &str, _collections: &[String], _opts: &Options) -> Result<Vec<syncplan::infer::CollectionRead>, String> {
    Err(
        "--uri: this syncplan build lacks the `mongodb` feature (live sampling); rebuild with \
         `cargo build --release --features mongodb`, or export the collection with mongodump/mongoexport and pass the files"
            .into(),
    )
}

fn clock_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    // Small enough to retype.
    syncplan::infer::stats::fmix64(t ^ u64::from(std::process::id())) % 1_000_000
}

fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn check_name(what: &str, name: &str) -> Result<(), String> {
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name == "." || name == ".." {
        return Err(format!("invalid {what} \"{name}\": it names a directory of the export"));
    }
    Ok(())
}

fn check_database(database: &str) -> Result<(), String> {
    if database.is_empty() || database.contains(['/', '\\', '.', ' ', '$', '"', '\0']) {
        return Err(format!(
            "invalid --database \"{database}\": a MongoDB database name cannot be empty or contain / \\ . space $ \""
        ));
    }
    Ok(())
}

fn check_collection(c: &str) -> Result<(), String> {
    if c.is_empty() || c.contains(['/', '\\', '$', '\0']) || c.starts_with("system.") || c == "." || c == ".." {
        return Err(format!(
            "invalid collection name \"{c}\": a collection name cannot be empty, contain / \\ $ or start with \
             \"system.\" (name it with --collection)"
        ));
    }
    Ok(())
}

/// `dump/shop/orders.bson.gz` → `orders`.
pub fn collection_from_path(p: &Path) -> String {
    if p.as_os_str() == "-" {
        return "stdin".into();
    }
    let mut name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(s) = name.strip_suffix(".gz") {
        name = s.to_string();
    }
    for ext in [".bson", ".jsonl", ".ndjson", ".json", ".ejson"] {
        if let Some(s) = name.strip_suffix(ext) {
            name = s.to_string();
            break;
        }
    }
    name
}

/// mongodump writes `<out>/<db>/<coll>.bson` next to `<coll>.metadata.json`: the directory name
/// is the database when every input sits in the same such directory.
fn dump_database(inputs: &[PathBuf]) -> Option<String> {
    let mut db: Option<String> = None;
    for p in inputs {
        let coll = collection_from_path(p);
        let dir = p.parent()?;
        let meta = ["metadata.json", "metadata.json.gz"]
            .iter()
            .any(|m| dir.join(format!("{coll}.{m}")).is_file());
        if !meta {
            return None;
        }
        let name = std::fs::canonicalize(dir)
            .ok()?
            .file_name()?
            .to_string_lossy()
            .into_owned();
        match &db {
            Some(d) if *d != name => return None,
            _ => db = Some(name),
        }
    }
    db
}

fn open(p: &Path, collection: String) -> Result<NamedInput, String> {
    if p.as_os_str() == "-" {
        return Ok(NamedInput {
            file: "-".into(),
            collection,
            reader: Box::new(std::io::stdin()),
            size: None,
        });
    }
    let shown = display_path(p);
    let meta = std::fs::metadata(p).map_err(|e| format!("{shown}: {}", io_message(&e)))?;
    if meta.is_dir() {
        return Err(format!(
            "{shown}: expected a file, found a directory (pass the .bson or .json files of a dump)"
        ));
    }
    let f = std::fs::File::open(p).map_err(|e| format!("{shown}: {}", io_message(&e)))?;
    Ok(NamedInput {
        file: shown,
        collection,
        reader: Box::new(f),
        size: Some(meta.len()),
    })
}

/// `--format` of `infer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `--title-style` of `infer` (the library's `TitleStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TitleStyleArg {
    /// The collection's type name followed by every field on the path: `OrderCustomerAddress`
    Path,
    /// The field name only (`Address`), made unique with its parents when two differ in shape
    Field,
}

impl From<TitleStyleArg> for TitleStyle {
    fn from(a: TitleStyleArg) -> Self {
        match a {
            TitleStyleArg::Path => TitleStyle::Path,
            TitleStyleArg::Field => TitleStyle::Field,
        }
    }
}
