//! INFER: an App Services schema from sampled documents (issue: schema inference). Being built.

pub mod cli;
