//! Stage `parse`: reads and parses every module file once (in parallel, on large stacks),
//! follows `mod` declarations to build the module tree, and summarises each file into
//! span-free [`ir::FileFacts`].

pub mod ir;
pub mod data_facts;
pub mod sql;
