//! The one error type above the loaders: what stops a library call before it has a result.
//! Findings about the models are never errors (they are `Diagnostic`s and `Finding`s); an
//! `Error` means the inputs, the configuration or the arguments could not be used. The command
//! line prints it on one line and exits with code 2.

use std::fmt;

use crate::input::LoadError;

/// Why a library call could not give a result (the command line's exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An input could not be read or parsed: file, line and column.
    Load(LoadError),
    /// `syncplan.toml` is missing or invalid (the message names the file and line).
    Config(String),
    /// Arguments or options that do not fit together, or that name something the models lack
    /// (a rename hint, a parameter).
    Usage(String),
    /// git could not give a revision of an input.
    Git(String),
    /// Writing an output tree failed (nothing was left behind).
    Output(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(e) => e.fmt(f),
            Error::Config(m) | Error::Usage(m) | Error::Git(m) | Error::Output(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        Error::Load(e)
    }
}

/// The command line reports every error as its message.
impl From<Error> for String {
    fn from(e: Error) -> Self {
        e.to_string()
    }
}
