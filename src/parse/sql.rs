//! Placeholder until the SQL work lands.
