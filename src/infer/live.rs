//! `--uri`: sampling a live collection through the official MongoDB Rust driver (cargo feature
//! `mongodb`, off by default). `--sample N` runs `[{"$sample": {"size": N}}]`; without it every
//! document is read with `find({})`. Documents arrive as raw BSON and go through the same walker
//! as mongodump files.
//!
//! UNTESTED against a server: no MongoDB-compatible server could be installed where this was
//! written (see docs/inference.md). It compiles with `cargo build --features mongodb`.

use mongodb::bson::{RawDocumentBuf, doc};
use mongodb::sync::Client;

use super::input::{BadDoc, Format, InputRead, MAX_LISTED};
use super::stats::CollStats;
use super::{CollectionRead, Options};

/// Reads (a sample of) each collection of `opts.database`.
pub fn read(uri: &str, collections: &[String], opts: &Options) -> Result<Vec<CollectionRead>, String> {
    let client = Client::with_uri_str(uri).map_err(|e| format!("--uri: cannot connect: {e}"))?;
    let db = client.database(&opts.database);
    let mut out = Vec::new();
    for c in collections {
        let shown = format!("{}.{c}", opts.database);
        let coll = db.collection::<RawDocumentBuf>(c);
        let cursor = match opts.sample {
            Some(n) => coll
                .aggregate([doc! {"$sample": {"size": i64::try_from(n).unwrap_or(i64::MAX)}}])
                .with_type::<RawDocumentBuf>()
                .run(),
            None => coll.find(doc! {}).run(),
        }
        .map_err(|e| format!("{shown}: {e}"))?;
        let mut stats = CollStats::default();
        let mut scratch = CollStats {
            track_refs: false,
            ..CollStats::default()
        };
        let (mut documents, mut invalid, mut bytes) = (0u64, 0u64, 0u64);
        let mut bad = Vec::new();
        for item in cursor {
            let raw = item.map_err(|e| format!("{shown}: document {}: {e}", documents + 1))?;
            let b = raw.as_bytes();
            // As for files: with --skip-invalid a document is checked whole before it counts.
            let checked = if opts.skip_invalid {
                super::bson_walk::walk_document(b, &mut scratch, documents)
            } else {
                Ok(())
            };
            if let Err(message) = checked.and_then(|_| super::bson_walk::walk_document(b, &mut stats, documents)) {
                let d = BadDoc {
                    file: shown.clone(),
                    document: Some(documents + 1),
                    line: None,
                    column: None,
                    offset: bytes,
                    message,
                    chunk: None,
                };
                if !opts.skip_invalid {
                    return Err(d.to_string());
                }
                invalid += 1;
                if bad.len() < MAX_LISTED {
                    bad.push(d);
                }
            }
            documents += 1;
            bytes += b.len() as u64;
        }
        out.push(CollectionRead {
            file: format!("mongodb: {shown}"),
            collection: c.clone(),
            read: InputRead {
                format: Format::Live,
                gzip: false,
                stats,
                documents,
                used: documents - invalid,
                bytes,
                invalid,
                bad,
            },
        });
    }
    Ok(out)
}
