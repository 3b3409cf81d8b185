//! Stage `config` (see docs/ARCHITECTURE.md).
