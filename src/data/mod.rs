//! The shared-data graph: which module defines, reads and writes which types, statics and
//! database tables. Built from resolved references and the data facts of the parse stage.
