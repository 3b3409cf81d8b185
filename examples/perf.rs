//! Prints the performance tables of `docs/PERFORMANCE.md`: for each headline crate of the
//! vendored corpus and for the whole corpus (every vendored crate analysed one after the
//! other, times summed), at each thread count: files, lines, the parse-only baseline, the
//! pipeline up to the module graph, their ratio, and the per-stage split of the latter.
//!
//! ```text
//! scripts/vendor-crates.sh && cargo run --release --example perf [-- --runs N --jobs 1,2 --crates tokio,syn]
//! ```
//!
//! Every figure is the median of `--runs` timed runs (default 5) after one untimed warm-up; in
//! each run the baseline and the full pipeline alternate crate by crate, so drift in machine
//! load falls on both. Besides wall-clock time, the CPU time of the process (all threads, from
//! `/proc/self/stat`) is measured the same way: on a machine shared with other work, the CPU
//! ratio is the steadier of the two. Exits 1 if a wall-clock ratio is above the 1.3 budget.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use corpus::{Corpus, CrateFiles, STAGES};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The graph stage may cost at most this multiple of the parse-only time.
const BUDGET: f64 = 1.3;

struct Args {
    runs: usize,
    jobs: Vec<usize>,
    crates: Vec<String>,
    whole: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        runs: 5,
        jobs: vec![1, 2],
        crates: corpus::HEADLINE.iter().map(|s| s.to_string()).collect(),
        whole: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--runs" => {
                args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?;
            }
            "--jobs" => {
                args.jobs = value()?
                    .split(',')
                    .map(|j| j.parse().map_err(|e| format!("--jobs: {e}")))
                    .collect::<Result<_, _>>()?;
            }
            "--crates" => {
                args.crates = value()?.split(',').map(str::to_string).collect();
            }
            "--no-whole" => args.whole = false,
            _ => {
                return Err(format!(
                    "unknown argument {flag}; expected --runs N, --jobs 1,2, --crates a,b, --no-whole"
                ));
            }
        }
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".to_string());
    }
    Ok(args)
}

/// One line of the tables: a crate (or the whole corpus) at one thread count.
struct Row {
    label: String,
    jobs: usize,
    files: usize,
    lines: u64,
    parse_only: Duration,
    full: Duration,
    /// Median CPU time of the baseline and of the full run.
    parse_only_cpu: Duration,
    full_cpu: Duration,
    /// Median of each stage of [`STAGES`].
    stages: Vec<Duration>,
}

impl Row {
    fn ratio(&self) -> f64 {
        self.full.as_secs_f64() / self.parse_only.as_secs_f64()
    }

    fn cpu_ratio(&self) -> f64 {
        self.full_cpu.as_secs_f64() / self.parse_only_cpu.as_secs_f64()
    }
}

/// CPU time (user + system) of this process so far, threads that ended included. Linux
/// reports it in clock ticks of 1/100 s (`USER_HZ`), so it is only meaningful summed over
/// runs of a tenth of a second or more.
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // Fields after the command name, which is in parentheses and may hold spaces;
            // utime and stime are fields 14 and 15 of the whole line.
            let (_, rest) = stat.rsplit_once(')')?;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: u64 = fields.get(11)?.parse().ok()?;
            let stime: u64 = fields.get(12)?.parse().ok()?;
            Some(utime + stime)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// Times `set` (summed over its crates) `runs` times after a warm-up.
fn measure(label: &str, set: &[CrateFiles], jobs: usize, runs: usize) -> Result<Row, String> {
    let mut parse_runs = Vec::with_capacity(runs);
    let mut full_runs = Vec::with_capacity(runs);
    let mut parse_cpu_runs = Vec::with_capacity(runs);
    let mut full_cpu_runs = Vec::with_capacity(runs);
    let mut stage_runs: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); STAGES.len()];
    for run in 0..=runs {
        let mut parse_sum = Duration::ZERO;
        let mut full_sum = Duration::ZERO;
        let mut parse_cpu = Duration::ZERO;
        let mut full_cpu = Duration::ZERO;
        let mut stage_sum = vec![Duration::ZERO; STAGES.len()];
        for krate in set {
            let (t, c) = (Instant::now(), cpu_time());
            let baseline = corpus::parse_only(&krate.files, jobs);
            parse_sum += t.elapsed();
            parse_cpu += cpu_time().saturating_sub(c);
            let (t, c) = (Instant::now(), cpu_time());
            let graph = corpus::to_graph(&krate.dir, jobs)
                .map_err(|e| format!("{}: {e}", krate.dir.display()))?;
            full_sum += t.elapsed();
            full_cpu += cpu_time().saturating_sub(c);
            for (sum, d) in stage_sum.iter_mut().zip(graph.stages) {
                *sum += d;
            }
            if graph.files != baseline.parsed + baseline.failed {
                return Err(format!(
                    "{}: the pipeline read {} files, the baseline {}",
                    krate.dir.display(),
                    graph.files,
                    baseline.parsed + baseline.failed
                ));
            }
        }
        // Run 0 warms the page cache and the allocator; it is not counted.
        if run > 0 {
            parse_runs.push(parse_sum);
            full_runs.push(full_sum);
            parse_cpu_runs.push(parse_cpu);
            full_cpu_runs.push(full_cpu);
            for (all, one) in stage_runs.iter_mut().zip(stage_sum) {
                all.push(one);
            }
        }
    }
    Ok(Row {
        label: label.to_string(),
        jobs,
        files: set.iter().map(|c| c.files.len()).sum(),
        lines: set.iter().map(|c| c.lines).sum(),
        parse_only: median(parse_runs),
        full: median(full_runs),
        parse_only_cpu: median(parse_cpu_runs),
        full_cpu: median(full_cpu_runs),
        stages: stage_runs.into_iter().map(median).collect(),
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("perf: {e}");
            return ExitCode::from(2);
        }
    };
    let corpus = match Corpus::open() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("perf: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args, &corpus) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("perf: {e}");
            ExitCode::from(2)
        }
    }
}

/// Measures and prints everything; `Ok(false)` when a ratio breaks the budget.
fn run(args: &Args, corpus: &Corpus) -> Result<bool, String> {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "machine: {cores} cores, {}; load average before: {}",
        cpu_model(),
        load_average()
    );
    println!(
        "runs: median of {} after 1 warm-up; build: {}",
        args.runs,
        if cfg!(debug_assertions) {
            "DEBUG (use --release for real figures)"
        } else {
            "release"
        }
    );
    let list = |dir: &std::path::Path| {
        corpus::module_files(dir).map_err(|e| format!("{}: {e}", dir.display()))
    };
    let mut sets: Vec<(String, Vec<CrateFiles>)> = Vec::new();
    for name in &args.crates {
        let dir = corpus
            .pinned(name)
            .ok_or_else(|| format!("`{name}` is not pinned in the vendoring manifest"))?;
        sets.push((name.clone(), vec![list(dir)?]));
    }
    if args.whole {
        let mut all = Vec::new();
        for dir in &corpus.all {
            match list(dir) {
                Ok(files) => all.push(files),
                // A vendored crate with nothing to analyse is not part of the corpus.
                Err(e) => eprintln!("perf: skipped {e}"),
            }
        }
        sets.push((format!("all {} vendored crates", all.len()), all));
    }
    let mut rows = Vec::new();
    for (label, set) in &sets {
        for &jobs in &args.jobs {
            eprintln!("perf: {label} -j{jobs}");
            rows.push(measure(label, set, jobs, args.runs)?);
        }
    }
    println!("load average after: {}", load_average());
    println!();
    println!(
        "| crate | -j | files | lines | parse-only (ms) | full graph (ms) | ratio | CPU ratio |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
            r.label,
            r.jobs,
            r.files,
            r.lines,
            ms(r.parse_only),
            ms(r.full),
            r.ratio(),
            r.cpu_ratio()
        );
    }
    println!();
    print!("| crate | -j |");
    for s in STAGES {
        print!(" {s} (ms) |");
    }
    println!(" parse − parse-only (ms) | resolve + graph share of full |");
    println!(
        "| --- | ---: |{} ---: | ---: |",
        " ---: |".repeat(STAGES.len())
    );
    for r in &rows {
        print!("| {} | {} |", r.label, r.jobs);
        for d in &r.stages {
            print!(" {} |", ms(*d));
        }
        let parse_extra = r.stages[1].as_secs_f64() - r.parse_only.as_secs_f64();
        let after = (r.stages[2] + r.stages[3]).as_secs_f64() / r.full.as_secs_f64();
        println!(" {:.1} | {:.0} % |", parse_extra * 1000.0, after * 100.0);
    }
    let worst = rows.iter().map(Row::ratio).fold(0.0, f64::max);
    println!();
    println!("worst ratio {worst:.2} (budget {BUDGET})");
    Ok(worst <= BUDGET)
}
