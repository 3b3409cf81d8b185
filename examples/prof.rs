//! One side of the parse-only / graph comparison per process, for profilers that count
//! instructions (`valgrind --tool=callgrind`): unlike wall-clock time, the counts repeat
//! exactly on this shared machine, so a change of a few percent can be seen. See
//! `docs/PERFORMANCE.md`, "Instruction counts".
//!
//! ```text
//! cargo run --release --example prof -- list DIR...        # module files of the crates, one per line
//! valgrind --tool=callgrind target/release/examples/prof base FILES.txt   # read + syn::parse_file
//! valgrind --tool=callgrind target/release/examples/prof graph DIR...     # discover → graph
//! ```
//!
//! Both sides run on a one-thread pool, as `-j1`.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((mode, rest)) = args.split_first() else {
        eprintln!("usage: prof list DIR... | prof base FILES.txt | prof graph DIR...");
        return ExitCode::from(2);
    };
    match mode.as_str() {
        "list" => {
            for dir in rest {
                match corpus::module_files(&PathBuf::from(dir)) {
                    Ok(files) => files.files.iter().for_each(|f| println!("{}", f.display())),
                    Err(e) => {
                        eprintln!("{dir}: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        "base" => {
            let Some(list) = rest.first().and_then(|f| std::fs::read_to_string(f).ok()) else {
                eprintln!("base needs a readable file list (from `prof list`)");
                return ExitCode::from(2);
            };
            let files: Vec<PathBuf> = list.lines().map(PathBuf::from).collect();
            println!("{:?}", corpus::parse_only(&files, 1));
        }
        "graph" => {
            for dir in rest {
                match corpus::to_graph(&PathBuf::from(dir), 1) {
                    Ok(run) => println!(
                        "{dir}: {} modules, {} dependencies",
                        run.modules, run.dependencies
                    ),
                    Err(e) => {
                        eprintln!("{dir}: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        other => {
            eprintln!("unknown mode {other}; expected list, base or graph");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
