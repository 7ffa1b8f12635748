//! Reading one input: format detection by content, gzip, streaming in chunks, framing documents
//! (BSON length prefixes, JSON lines, `--jsonArray` elements), parallel parsing with one
//! accumulator per thread merged at the end, `--sample` reservoirs, bad-input reporting with
//! document number, line and byte offset, and progress on a terminal.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::sample::{Offer, Reservoir};
use super::stats::CollStats;
use super::{bson_walk, ejson};

/// Bytes handed to a worker at a time.
pub const CHUNK: usize = 1 << 20;
/// Largest BSON document accepted (MongoDB: 16 MiB, plus 16 KiB of internal headroom).
pub const MAX_BSON: usize = 16 * 1024 * 1024 + 16 * 1024;
/// Bad documents listed one by one under `--skip-invalid` (all are counted).
pub const MAX_LISTED: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Concatenated BSON documents (mongodump).
    Bson,
    /// One Extended JSON document per line (mongoexport).
    JsonLines,
    /// A JSON array of Extended JSON documents (mongoexport --jsonArray).
    JsonArray,
    /// No bytes at all.
    Empty,
    /// Documents from a live database (`--uri`), as raw BSON.
    Live,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Bson => "BSON (mongodump)",
            Format::JsonLines => "Extended JSON lines (mongoexport)",
            Format::JsonArray => "JSON array (mongoexport --jsonArray)",
            Format::Empty => "empty",
            Format::Live => "MongoDB ($sample or find through the driver)",
        })
    }
}

/// A document that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadDoc {
    pub file: String,
    /// 1-based document number (for JSON lines: counted over non-blank lines), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<u64>,
    /// 1-based line (JSON inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Byte offset in the (decompressed) input where the problem is.
    pub offset: u64,
    pub message: String,
    /// JSON lines read in parallel: the chunk `line` counts from, fixed up once all chunks are read.
    #[serde(skip)]
    pub(crate) chunk: Option<u64>,
}

impl fmt::Display for BadDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: ", self.file)?,
            (Some(l), None) => write!(f, "{}:{l}: ", self.file)?,
            _ => write!(f, "{}: ", self.file)?,
        }
        match self.document {
            Some(d) => write!(f, "document {d} at byte offset {}: {}", self.offset, self.message),
            None => write!(f, "byte offset {}: {}", self.offset, self.message),
        }
    }
}

/// How to read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub sample: Option<u64>,
    pub seed: u64,
    pub skip_invalid: bool,
    pub threads: usize,
    pub progress: bool,
    /// Feed the `_id` sample from every document, also those left out of `--sample` (needed to
    /// check references between collections).
    pub all_ids: bool,
}

/// What reading one input gave.
#[derive(Debug, Clone)]
pub struct InputRead {
    pub format: Format,
    pub gzip: bool,
    pub stats: CollStats,
    /// Documents in the input (valid or not).
    pub documents: u64,
    /// Documents the schema was inferred from.
    pub used: u64,
    pub bytes: u64,
    pub invalid: u64,
    pub bad: Vec<BadDoc>,
}

/// Reads and infers one input. `Err` is the first bad document (unless `skip_invalid`) or an I/O
/// error, as one line.
pub fn read_input(
    name: &str,
    raw: Box<dyn Read + Send>,
    total: Option<u64>,
    opts: &ReadOptions,
) -> Result<InputRead, String> {
    let mut src = Source::new(raw, name, total, opts.progress);
    let mut buf = Vec::with_capacity(CHUNK);
    src.fill(&mut buf, 64)?;
    let gzip = buf.starts_with(&[0x1f, 0x8b]);
    if gzip {
        // Decompress: the rest of the pipeline sees plain bytes.
        let head = std::mem::take(&mut buf);
        let inner = std::mem::replace(&mut src.inner, Box::new(std::io::empty()));
        src.inner = Box::new(flate2::read::MultiGzDecoder::new(std::io::Read::chain(
            std::io::Cursor::new(head),
            inner,
        )));
        src.compressed = true;
        src.eof = false;
        src.done = 0;
        src.fill(&mut buf, 64)?;
    }
    let format = detect(&buf).map_err(|m| format!("{name}: {m}"))?;
    let mut run = Run::new(name, format, opts);
    match format {
        Format::Empty => {}
        _ if opts.sample.is_some() => run.sampled(&mut src, buf)?,
        _ => run.streamed(&mut src, buf)?,
    }
    src.finish_progress();
    let mut bad = run.bad;
    bad.sort_by_key(|b| b.offset);
    if !opts.skip_invalid
        && let Some(first) = bad.first()
    {
        return Err(first.to_string());
    }
    bad.truncate(MAX_LISTED);
    Ok(InputRead {
        format,
        gzip,
        stats: run.stats,
        documents: run.documents,
        used: run.used,
        bytes: src.done,
        invalid: run.invalid,
        bad,
    })
}

/// Tells the input format from its first bytes.
pub fn detect(head: &[u8]) -> Result<Format, String> {
    if head.is_empty() {
        return Ok(Format::Empty);
    }
    if head.len() >= 5 {
        let len = i32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let t = head[4];
        let valid_type = matches!(t, 0x01..=0x13 | 0x7f | 0xff) || (len == 5 && t == 0);
        if len >= 5 && (len as usize) <= MAX_BSON && valid_type {
            return Ok(Format::Bson);
        }
    }
    let text = head.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(Format::JsonLines),
        Some(b'[') => Ok(Format::JsonArray),
        None => Ok(Format::Empty),
        Some(_) => Err(
            "cannot tell what this input is: expected mongodump BSON (.bson, .bson.gz), mongoexport Extended JSON \
             (one document per line) or a JSON array of documents"
                .into(),
        ),
    }
}

/// The byte stream with progress accounting.
struct Source {
    inner: Box<dyn Read + Send>,
    name: String,
    total: Option<u64>,
    compressed: bool,
    done: u64,
    docs: u64,
    progress: bool,
    start: Instant,
    last: Instant,
    shown: bool,
    eof: bool,
}

impl Source {
    fn new(inner: Box<dyn Read + Send>, name: &str, total: Option<u64>, progress: bool) -> Self {
        let now = Instant::now();
        Source {
            inner,
            name: name.to_string(),
            total,
            compressed: false,
            done: 0,
            docs: 0,
            progress: progress && std::io::stderr().is_terminal(),
            start: now,
            last: now,
            shown: false,
            eof: false,
        }
    }

    /// Reads until `buf` holds at least `want` bytes or the input ends (then `eof` is set).
    ///
    /// `read_to_end` on a `take` reads into the vector's spare capacity: the standard readers
    /// (`File`, `Stdin`, `BufReader`) fill it without zeroing it first, which `resize` + `read`
    /// did for every chunk.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> Result<(), String> {
        while buf.len() < want && !self.eof {
            let len = buf.len();
            let room = (want - len).max(64 * 1024);
            buf.reserve(room);
            match (&mut self.inner).take(room as u64).read_to_end(buf) {
                Ok(n) => {
                    self.done += n as u64;
                    // `read_to_end` stops early only at the end of the input.
                    if n < room {
                        self.eof = true;
                    }
                }
                Err(e) => {
                    buf.truncate(len);
                    let what = if self.compressed { "gzip stream" } else { "input" };
                    return Err(format!(
                        "{}: cannot read {what} at byte offset {}: {}",
                        self.name,
                        self.done,
                        crate::input::io_message(&e)
                    ));
                }
            }
        }
        self.tick();
        Ok(())
    }

    fn tick(&mut self) {
        if !self.progress {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.start) < Duration::from_secs(1)
            || now.duration_since(self.last) < Duration::from_millis(500)
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let secs = now.duration_since(self.start).as_secs_f64().max(1e-9);
        let mb = self.done as f64 / 1e6;
        let of = match (self.total, self.compressed) {
            (Some(t), false) if t > 0 => format!(
                " of {:.0} MB ({:.0}%)",
                t as f64 / 1e6,
                100.0 * self.done as f64 / t as f64
            ),
            _ => String::new(),
        };
        eprint!(
            "\r\x1b[K{}: {} documents, {mb:.0} MB{of}, {:.0} documents/s, {:.0} MB/s",
            self.name,
            self.docs,
            self.docs as f64 / secs,
            mb / secs
        );
    }

    fn finish_progress(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// A batch of complete documents for a worker.
struct Job {
    /// Chunk number (JSON lines: line numbers are counted per chunk, then fixed up).
    index: u64,
    data: Vec<u8>,
    /// Byte offset of `data[0]` in the input.
    offset: u64,
    /// Number (0-based) of the first document in `data`.
    first_doc: u64,
    /// Line (0-based) of `data[0]` (JSON inputs).
    first_line: u64,
    /// JSON array: element spans in `data`.
    spans: Vec<(usize, usize)>,
}

struct WorkerOut {
    stats: CollStats,
    documents: u64,
    invalid: u64,
    bad: Vec<BadDoc>,
    /// JSON lines: (chunk, newlines in it).
    chunk_lines: Vec<(u64, u64)>,
}

struct Run<'a> {
    name: &'a str,
    format: Format,
    opts: &'a ReadOptions,
    stats: CollStats,
    documents: u64,
    used: u64,
    invalid: u64,
    bad: Vec<BadDoc>,
    /// JSON lines: lines before the current buffer; JSON arrays: scanner state.
    lines: u64,
    arr: ArrayScan,
    /// Documents framed so far (numbering for framing errors).
    framed: u64,
}

impl<'a> Run<'a> {
    fn new(name: &'a str, format: Format, opts: &'a ReadOptions) -> Self {
        Run {
            name,
            format,
            opts,
            stats: stats_for(opts.all_ids),
            documents: 0,
            used: 0,
            invalid: 0,
            bad: Vec::new(),
            lines: 0,
            arr: ArrayScan::default(),
            framed: 0,
        }
    }

    fn bad_framing(&mut self, document: Option<u64>, line: Option<u64>, offset: u64, message: String) {
        self.invalid += 1;
        self.documents += 1;
        self.bad.push(BadDoc {
            file: self.name.to_string(),
            document,
            line,
            column: None,
            offset,
            message,
            chunk: None,
        });
    }

    /// Cuts `buf` after its last complete document. Returns (cut, documents, spans) or, for a
    /// framing error, records it and returns what precedes it with `stop` set.
    fn frame(&mut self, buf: &[u8], base: u64, eof: bool) -> Framed {
        match self.format {
            Format::Bson => {
                let mut pos = 0usize;
                let mut docs = 0u64;
                let mut stop = false;
                while buf.len() - pos >= 4 {
                    let len = i32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]);
                    if len < 5 || len as usize > MAX_BSON {
                        let n = self.framed + docs + 1;
                        self.bad_framing(
                            Some(n),
                            None,
                            base + pos as u64,
                            format!(
                                "corrupt BSON: the document length header says {len} bytes (a document is 5 bytes to 16 MiB); \
                                 the rest of the input ({} bytes) cannot be framed and is not read",
                                buf.len() - pos
                            ),
                        );
                        stop = true;
                        break;
                    }
                    if pos + len as usize > buf.len() {
                        break;
                    }
                    pos += len as usize;
                    docs += 1;
                }
                if eof && !stop && pos < buf.len() {
                    let n = self.framed + docs + 1;
                    let left = buf.len() - pos;
                    let msg = if left < 4 {
                        format!("truncated BSON: {left} trailing bytes, too short for a document length header")
                    } else {
                        let len = i32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]);
                        format!(
                            "truncated BSON document: its header says {len} bytes, only {left} are left in the input"
                        )
                    };
                    self.bad_framing(Some(n), None, base + pos as u64, msg);
                    stop = true;
                }
                Framed {
                    cut: pos,
                    docs,
                    spans: Vec::new(),
                    stop,
                }
            }
            Format::JsonLines => {
                let cut = if eof {
                    buf.len()
                } else {
                    buf.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)
                };
                Framed {
                    cut,
                    docs: 0,
                    spans: Vec::new(),
                    stop: false,
                }
            }
            Format::JsonArray => {
                let (cut, spans, err) = self.arr.scan(buf, eof);
                let docs = spans.len() as u64;
                let mut stop = false;
                if let Some((at, msg)) = err {
                    let n = self.framed + docs + 1;
                    let line = self.lines + count_lines(&buf[..at]) + 1;
                    self.bad_framing(Some(n), Some(line), base + at as u64, msg);
                    stop = true;
                }
                Framed { cut, docs, spans, stop }
            }
            Format::Empty | Format::Live => Framed {
                cut: buf.len(),
                docs: 0,
                spans: Vec::new(),
                stop: false,
            },
        }
    }

    /// Every document, parsed on `threads` workers.
    fn streamed(&mut self, src: &mut Source, mut buf: Vec<u8>) -> Result<(), String> {
        let threads = self.opts.threads.max(1);
        let (tx, rx) = sync_channel::<Job>(threads * 2);
        let rx = Arc::new(Mutex::new(rx));
        let (pool_tx, pool_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let failed = Arc::new(AtomicBool::new(false));
        let parsed = Arc::new(AtomicU64::new(0));
        let skip = self.opts.skip_invalid;
        let track = self.opts.all_ids;
        let format = self.format;
        let name = self.name.to_string();
        let outs: Vec<WorkerOut> = std::thread::scope(|sc| -> Result<Vec<WorkerOut>, String> {
            let mut handles = Vec::new();
            for _ in 0..threads {
                let rx = Arc::clone(&rx);
                let pool_tx = pool_tx.clone();
                let failed = Arc::clone(&failed);
                let parsed = Arc::clone(&parsed);
                let name = name.clone();
                let h = std::thread::Builder::new()
                    .stack_size(16 * 1024 * 1024)
                    .spawn_scoped(sc, move || {
                        worker(track, &rx, &pool_tx, &failed, &parsed, format, skip, &name)
                    })
                    .map_err(|e| format!("cannot start a worker thread: {e}"))?;
                handles.push(h);
            }
            drop(pool_tx);
            let r = self.feed(src, &mut buf, &tx, &pool_rx, &failed, &parsed);
            drop(tx);
            let mut outs = Vec::new();
            for h in handles {
                match h.join() {
                    Ok(o) => outs.push(o),
                    Err(_) => return Err(format!("{name}: a worker thread failed")),
                }
            }
            r.map(|_| outs)
        })?;
        let mut chunk_lines = BTreeMap::new();
        for o in outs {
            self.stats.merge(o.stats);
            self.documents += o.documents;
            self.used += o.documents - o.invalid;
            self.invalid += o.invalid;
            self.bad.extend(o.bad);
            chunk_lines.extend(o.chunk_lines);
        }
        // JSON lines: line numbers counted per chunk become line numbers in the input.
        let mut before = BTreeMap::new();
        let mut total = 0u64;
        for (index, n) in chunk_lines {
            before.insert(index, total);
            total += n;
        }
        for b in &mut self.bad {
            if let (Some(c), Some(l)) = (b.chunk.take(), b.line) {
                b.line = Some(l + before.get(&c).copied().unwrap_or(0));
            }
        }
        Ok(())
    }

    fn feed(
        &mut self,
        src: &mut Source,
        buf: &mut Vec<u8>,
        tx: &SyncSender<Job>,
        pool: &Receiver<Vec<u8>>,
        failed: &AtomicBool,
        parsed: &AtomicU64,
    ) -> Result<(), String> {
        let mut offset = 0u64;
        let mut first_doc = 0u64;
        let mut index = 0u64;
        loop {
            src.fill(buf, CHUNK)?;
            let eof = src.eof;
            let f = self.frame(buf, offset, eof);
            if f.cut == 0 && !eof && !f.stop {
                // One document larger than the buffer: read more.
                let want = buf.len() * 2;
                src.fill(buf, want)?;
                continue;
            }
            let mut next = pool.try_recv().unwrap_or_default();
            next.clear();
            next.extend_from_slice(&buf[f.cut..]);
            let mut data = std::mem::replace(buf, next);
            data.truncate(f.cut);
            let lines = match self.format {
                Format::JsonArray => count_lines(&data),
                _ => 0,
            };
            let job = Job {
                index,
                data,
                offset,
                first_doc,
                first_line: self.lines,
                spans: f.spans,
            };
            index += 1;
            src.docs = if self.format == Format::JsonLines {
                parsed.load(Ordering::Relaxed)
            } else {
                src.docs + f.docs
            };
            offset += f.cut as u64;
            first_doc += f.docs;
            self.framed += f.docs;
            self.lines += lines;
            if !job.data.is_empty() && tx.send(job).is_err() {
                break;
            }
            if f.stop || eof || (failed.load(Ordering::Relaxed) && !self.opts.skip_invalid) {
                break;
            }
        }
        Ok(())
    }

    /// `--sample N`: frames every document, keeps a reservoir, parses only the sample.
    fn sampled(&mut self, src: &mut Source, mut buf: Vec<u8>) -> Result<(), String> {
        let k = self.opts.sample.unwrap_or(1).max(1);
        let mut res = Reservoir::new(k, self.opts.seed);
        // (document number, line, byte offset, bytes)
        let mut kept: Vec<(u64, u64, u64, Vec<u8>)> = Vec::new();
        let mut offset = 0u64;
        loop {
            src.fill(&mut buf, CHUNK)?;
            let eof = src.eof;
            let f = self.frame(&buf, offset, eof);
            if f.cut == 0 && !eof && !f.stop {
                let want = buf.len() * 2;
                src.fill(&mut buf, want)?;
                continue;
            }
            let data = &buf[..f.cut];
            let mut visit = |doc: &[u8], line: u64, at: u64, this: &mut Self| {
                let n = this.documents;
                this.documents += 1;
                if this.opts.all_ids {
                    match this.format {
                        Format::Bson => bson_walk::scan_id(doc, &mut this.stats.ids),
                        _ => ejson::scan_id(doc, &mut this.stats.ids),
                    }
                }
                let keep = |v: &mut Vec<(u64, u64, u64, Vec<u8>)>, slot: Option<usize>| {
                    let item = (n, line, at, doc.to_vec());
                    match slot {
                        None => v.push(item),
                        Some(j) => {
                            if let Some(x) = v.get_mut(j) {
                                *x = item;
                            }
                        }
                    }
                };
                match res.offer() {
                    Offer::Skip => {}
                    Offer::Push => keep(&mut kept, None),
                    Offer::Replace(j) => keep(&mut kept, Some(j)),
                }
            };
            match self.format {
                Format::Bson => {
                    let mut pos = 0;
                    while pos + 4 <= data.len() {
                        let len = i32::from_le_bytes([data[pos], data[pos + 1], data[pos + 2], data[pos + 3]]) as usize;
                        let end = (pos + len).min(data.len());
                        visit(&data[pos..end], 0, offset + pos as u64, self);
                        pos = end.max(pos + 1);
                    }
                }
                Format::JsonLines => {
                    let mut line = self.lines;
                    for (start, l) in lines(data) {
                        let at = offset + start as u64;
                        line += 1;
                        if l.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        visit(l, line, at, self);
                    }
                }
                Format::JsonArray => {
                    for &(s, e) in &f.spans {
                        let line = self.lines + count_lines(&data[..s]) + 1;
                        visit(&data[s..e], line, offset + s as u64, self);
                    }
                }
                Format::Empty | Format::Live => {}
            }
            src.docs = self.documents;
            self.framed = self.documents;
            if self.format != Format::Bson {
                self.lines += count_lines(data);
            }
            offset += f.cut as u64;
            buf.drain(..f.cut);
            if f.stop || eof {
                break;
            }
        }
        kept.sort_by_key(|k| k.0);
        // Parse the sample on the worker threads: contiguous slices, merged in order.
        let threads = self.opts.threads.max(1);
        let per = kept.len().div_ceil(threads).max(1);
        let format = self.format;
        let name = self.name;
        let track = self.opts.all_ids;
        let skip = self.opts.skip_invalid;
        let outs: Vec<(CollStats, u64, Vec<BadDoc>)> = std::thread::scope(|sc| {
            let handles: Vec<_> = kept
                .chunks(per)
                .map(|part| {
                    sc.spawn(move || {
                        let mut stats = stats_for(track);
                        let mut invalid = 0;
                        let mut bad = Vec::new();
                        for (n, line, at, doc) in part {
                            if let Err(b) = parse_one(format, doc, &mut stats, *n, *line, *at, name, skip) {
                                invalid += 1;
                                bad.push(b);
                            }
                        }
                        (stats, invalid, bad)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let mut used = 0u64;
        let total = kept.len() as u64;
        for (s, inv, bad) in outs {
            self.stats.merge(s);
            self.invalid += inv;
            used += inv;
            self.bad.extend(bad);
        }
        self.used = total - used;
        Ok(())
    }
}

struct Framed {
    cut: usize,
    docs: u64,
    spans: Vec<(usize, usize)>,
    stop: bool,
}

fn count_lines(b: &[u8]) -> u64 {
    b.iter().filter(|&&c| c == b'\n').count() as u64
}

/// The position of the next `\n` at or after `from`, 32 bytes at a time (four 64-bit words
/// tested together with the "has a zero byte" trick).
fn find_newline(h: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = LO * b'\n' as u64;
    #[inline(always)]
    fn hits(c: &[u8]) -> u64 {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8])) ^ NL;
        w.wrapping_sub(LO) & !w & HI
    }
    let hay = h.get(from..)?;
    let mut blocks = hay.chunks_exact(32);
    let mut base = 0usize;
    for b in &mut blocks {
        let (t0, t1, t2, t3) = (hits(&b[0..8]), hits(&b[8..16]), hits(&b[16..24]), hits(&b[24..32]));
        if (t0 | t1 | t2 | t3) != 0 {
            for (k, t) in [t0, t1, t2, t3].into_iter().enumerate() {
                if t != 0 {
                    return Some(from + base + 8 * k + (t.trailing_zeros() / 8) as usize);
                }
            }
        }
        base += 32;
    }
    blocks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| from + base + p)
}

/// Lines of `data` with their start offsets (the last one may lack a newline).
fn lines(data: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        if pos > data.len() || (pos == data.len() && pos > 0) {
            return None;
        }
        let start = pos;
        let end = find_newline(data, pos).unwrap_or(data.len());
        pos = end + 1;
        if start == data.len() {
            return None;
        }
        Some((start, &data[start..end]))
    })
}

std::thread_local! {
    /// Per thread: where `--skip-invalid` walks each document first (see `parse_one`).
    static SCRATCH: std::cell::RefCell<CollStats> = std::cell::RefCell::new(stats_for(false));
}

/// Parses one framed document into `stats`. With `skip` (`--skip-invalid`) each document is
/// first walked into a scratch accumulator and only walked into `stats` when that succeeded: a
/// document that fails part-way must not leave half its fields counted (the field before the bad
/// one would look present in more documents than were kept). This reads every document twice.
#[allow(clippy::too_many_arguments)]
fn parse_one(
    format: Format,
    doc: &[u8],
    stats: &mut CollStats,
    n: u64,
    line: u64,
    at: u64,
    name: &str,
    skip: bool,
) -> Result<(), BadDoc> {
    if skip {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            walk_one(format, doc, &mut s, n, line, at, name)
        })?;
    }
    walk_one(format, doc, stats, n, line, at, name)
}

fn walk_one(
    format: Format,
    doc: &[u8],
    stats: &mut CollStats,
    n: u64,
    line: u64,
    at: u64,
    name: &str,
) -> Result<(), BadDoc> {
    match format {
        Format::Bson | Format::Live => bson_walk::walk_document(doc, stats, n).map_err(|message| BadDoc {
            file: name.to_string(),
            document: Some(n + 1),
            line: None,
            column: None,
            offset: at,
            message,
            chunk: None,
        }),
        _ => ejson::walk_document(doc, stats, n).map_err(|e| json_bad(e, doc, name, n, line, at, format)),
    }
}

fn json_bad(e: serde_json::Error, doc: &[u8], name: &str, n: u64, line: u64, at: u64, format: Format) -> BadDoc {
    // serde_json positions: 1-based line within `doc`, column = bytes into that line.
    let (el, ec) = (e.line().max(1) as u64, e.column() as u64);
    let mut line_start = 0usize;
    let mut seen = 1u64;
    for (i, &b) in doc.iter().enumerate() {
        if seen == el {
            break;
        }
        if b == b'\n' {
            seen += 1;
            line_start = i + 1;
        }
    }
    let offset = at + line_start as u64 + ec.saturating_sub(1);
    let mut message = e.to_string();
    if let Some(p) = message.rfind(" at line ") {
        message.truncate(p);
    }
    if e.classify() == serde_json::error::Category::Eof {
        message = format!("{message} (the document is cut short)");
    }
    let column = if el == 1 && format == Format::JsonArray {
        None
    } else {
        Some(ec.max(1))
    };
    BadDoc {
        file: name.to_string(),
        document: (format == Format::JsonArray).then_some(n + 1),
        line: Some(line + el - 1),
        column,
        offset,
        message: format!("invalid JSON: {message}"),
        chunk: None,
    }
}

fn stats_for(track_refs: bool) -> CollStats {
    CollStats {
        track_refs,
        ..CollStats::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn worker(
    track: bool,
    rx: &Mutex<Receiver<Job>>,
    pool: &std::sync::mpsc::Sender<Vec<u8>>,
    failed: &AtomicBool,
    parsed: &AtomicU64,
    format: Format,
    skip: bool,
    name: &str,
) -> WorkerOut {
    let mut out = WorkerOut {
        stats: stats_for(track),
        documents: 0,
        invalid: 0,
        bad: Vec::new(),
        chunk_lines: Vec::new(),
    };
    loop {
        let job = {
            let guard = match rx.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            guard.recv()
        };
        let Ok(job) = job else { break };
        let docs_before = out.documents;
        let record = |b: BadDoc, out: &mut WorkerOut| {
            out.invalid += 1;
            if out.bad.len() < MAX_LISTED || !skip {
                out.bad.push(b);
            }
            if !skip {
                failed.store(true, Ordering::Relaxed);
            }
        };
        let stop_after_error = |out: &WorkerOut| !skip && out.invalid > 0;
        match format {
            Format::Bson => {
                let d = &job.data;
                let mut pos = 0usize;
                let mut n = job.first_doc;
                while pos + 4 <= d.len() {
                    let len = i32::from_le_bytes([d[pos], d[pos + 1], d[pos + 2], d[pos + 3]]) as usize;
                    let end = (pos + len).min(d.len());
                    out.documents += 1;
                    if let Err(b) = parse_one(
                        format,
                        &d[pos..end],
                        &mut out.stats,
                        n,
                        0,
                        job.offset + pos as u64,
                        name,
                        skip,
                    ) {
                        record(b, &mut out);
                        if stop_after_error(&out) {
                            break;
                        }
                    }
                    pos = end.max(pos + 1);
                    n += 1;
                }
            }
            Format::JsonLines => {
                // Lines are numbered within the chunk; documents are ordered by (chunk, line).
                let mut line = 0u64;
                let base = job.index << 32;
                for (start, l) in lines(&job.data) {
                    let at = job.offset + start as u64;
                    line += 1;
                    if l.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    out.documents += 1;
                    if let Err(mut b) = parse_one(format, l, &mut out.stats, base | line, line, at, name, skip) {
                        b.chunk = Some(job.index);
                        record(b, &mut out);
                        if stop_after_error(&out) {
                            break;
                        }
                    }
                }
                out.chunk_lines.push((job.index, count_lines(&job.data)));
            }
            Format::JsonArray => {
                let mut line = job.first_line;
                let mut last = 0usize;
                for (i, &(s, e)) in job.spans.iter().enumerate() {
                    line += count_lines(&job.data[last..s]);
                    last = s;
                    out.documents += 1;
                    let n = job.first_doc + i as u64;
                    if let Err(b) = parse_one(
                        format,
                        &job.data[s..e],
                        &mut out.stats,
                        n,
                        line + 1,
                        job.offset + s as u64,
                        name,
                        skip,
                    ) {
                        record(b, &mut out);
                        if stop_after_error(&out) {
                            break;
                        }
                    }
                }
            }
            Format::Empty | Format::Live => {}
        }
        parsed.fetch_add(out.documents - docs_before, Ordering::Relaxed);
        let _ = pool.send(job.data);
    }
    out
}

/// (cut, element spans, framing error at an offset in the buffer)
type Scanned = (usize, Vec<(usize, usize)>, Option<(usize, String)>);

/// Finds element boundaries in a `--jsonArray` file across chunks: strings, escapes and nesting
/// are tracked; values are not validated here (the parser does that per element).
#[derive(Debug, Default, Clone)]
struct ArrayScan {
    state: ArrState,
    depth: u32,
    in_string: bool,
    escape: bool,
    /// Bytes of the current buffer already scanned (resumed after a cut).
    resume: usize,
    elem_start: Option<usize>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum ArrState {
    #[default]
    Start,
    /// Inside the array, before an element (or `]`).
    Before,
    /// Inside an element.
    In,
    /// After an element, before `,` or `]`.
    After,
    Done,
}

impl ArrayScan {
    /// Scans `buf` (which starts where the previous cut left off). Returns the cut (bytes that
    /// hold complete elements), the element spans, and a framing error (offset in `buf`).
    fn scan(&mut self, buf: &[u8], eof: bool) -> Scanned {
        let mut spans = Vec::new();
        let mut cut = 0usize;
        let mut i = self.resume;
        while i < buf.len() {
            let b = buf[i];
            match self.state {
                ArrState::Start => {
                    if i == 0 && buf.starts_with(&[0xef, 0xbb, 0xbf]) {
                        i += 3;
                        continue;
                    }
                    if b == b'[' {
                        self.state = ArrState::Before;
                    } else if !b.is_ascii_whitespace() {
                        return (cut, spans, Some((i, "invalid JSON array: expected '['".into())));
                    }
                }
                ArrState::Before | ArrState::After => {
                    if b.is_ascii_whitespace() {
                    } else if b == b']' {
                        self.state = ArrState::Done;
                        cut = i + 1;
                    } else if b == b',' && self.state == ArrState::After {
                        self.state = ArrState::Before;
                    } else if self.state == ArrState::Before {
                        self.state = ArrState::In;
                        self.elem_start = Some(i);
                        self.depth = 0;
                        continue;
                    } else {
                        return (
                            cut,
                            spans,
                            Some((i, "invalid JSON array: expected ',' or ']' after an element".into())),
                        );
                    }
                }
                ArrState::In => {
                    if self.in_string {
                        if self.escape {
                            self.escape = false;
                        } else if b == b'\\' {
                            self.escape = true;
                        } else if b == b'"' {
                            self.in_string = false;
                        }
                    } else {
                        match b {
                            b'"' => self.in_string = true,
                            b'{' | b'[' => self.depth += 1,
                            b'}' | b']' if self.depth > 0 => {
                                self.depth -= 1;
                                if self.depth == 0 {
                                    let s = self.elem_start.take().unwrap_or(i);
                                    spans.push((s, i + 1));
                                    self.state = ArrState::After;
                                    cut = i + 1;
                                }
                            }
                            b']' => {
                                // `]` ending the array right after a scalar element.
                                let s = self.elem_start.take().unwrap_or(i);
                                spans.push((s, i));
                                self.state = ArrState::Done;
                                cut = i + 1;
                            }
                            b',' if self.depth == 0 => {
                                let s = self.elem_start.take().unwrap_or(i);
                                spans.push((s, i));
                                self.state = ArrState::Before;
                                cut = i + 1;
                            }
                            _ => {}
                        }
                    }
                }
                ArrState::Done => {
                    if !b.is_ascii_whitespace() {
                        return (
                            cut,
                            spans,
                            Some((i, "invalid JSON: data after the end of the array".into())),
                        );
                    }
                    cut = i + 1;
                }
            }
            i += 1;
        }
        // The next buffer starts at `cut`: resume scanning where we stopped.
        self.resume = i - cut;
        if let Some(s) = self.elem_start.as_mut() {
            *s -= cut;
        }
        if eof {
            let trailing_ws = buf[cut..].iter().all(u8::is_ascii_whitespace);
            match self.state {
                ArrState::Done if trailing_ws => return (buf.len(), spans, None),
                ArrState::Start if trailing_ws => return (buf.len(), spans, None),
                _ => {
                    return (
                        cut,
                        spans,
                        Some((
                            cut,
                            "invalid JSON array: the input ends before the closing ']' (truncated?)".into(),
                        )),
                    );
                }
            }
        }
        (cut, spans, None)
    }
}
