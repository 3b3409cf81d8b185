//! Unit tests of the proposal's rules on small programs.

use super::*;
