//! The edge kind of a write to a field: `field`, not `type`, and the type is still written.
//! (A local typed only by what a call returns is not known where the write is read, at parse
//! time: such a write is not recorded.)

use crate::model::{Access, EdgeKind};
use crate::pipeline::analyze_inline_crate;

#[test]
fn a_field_written_through_a_typed_local_is_a_field_reference_that_writes_the_type() {
    let analysis = analyze_inline_crate(&[
        ("lib.rs", "pub mod orders; pub mod billing;"),
        (
            "orders.rs",
            "pub struct Order { pub total: u32 }\npub fn open() -> Order { Order { total: 0 } }\n",
        ),
        (
            "billing.rs",
            "use crate::orders;\n\
             pub fn close(o: &mut orders::Order) {\n    o.total = 1;\n}\n\
             pub fn reopen() {\n    let mut o: orders::Order = orders::open();\n    o.total += 2;\n}\n",
        ),
    ]);
    let program = &analysis.program;
    let mut found: Vec<(u32, EdgeKind, Access)> = program
        .references
        .iter()
        .filter(|r| program.modules[r.from].id == "t::billing" && r.kind != EdgeKind::Use)
        .map(|r| (r.location.line, r.kind, r.access))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (2, EdgeKind::Type, Access::Read),
            (3, EdgeKind::Field, Access::Write),
            (6, EdgeKind::Type, Access::Read),
            (6, EdgeKind::Call, Access::Read),
            (7, EdgeKind::Field, Access::Write),
        ]
    );
    let order = analysis
        .data
        .node("type:t::orders::Order")
        .expect("Order is a data node");
    let billing = program
        .modules
        .iter()
        .position(|m| m.id == "t::billing")
        .expect("billing");
    let writes: u32 = order
        .accesses
        .iter()
        .filter(|a| a.module == billing)
        .map(|a| a.writes)
        .sum();
    assert_eq!(writes, 2);
}
