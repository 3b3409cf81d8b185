//! Stage `discover` (see docs/ARCHITECTURE.md).
