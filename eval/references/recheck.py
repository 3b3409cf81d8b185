# The old samples re-checked against a new collection: recheck.py NAME [PREC RECALL] [--all]
# (in the directory of NAME.refs.json from collect.py; PREC and RECALL name the sample files
# after NAME, default prec.tsv and recall.tsv; --all re-checks every row, not only methods).
# Prints each old method row: its verdict, and whether the same reference is still reported
# (same), to another module (CHANGED->), or not (GONE); each old method place: found or missed
# now.
import csv,json,os,sys,collections
args=[a for a in sys.argv[1:] if a!='--all']
every='--all' in sys.argv
name=args[0]
prec_file,recall_file=(args[1],args[2]) if len(args)>2 else ('prec.tsv','recall.tsv')
OLD=os.path.dirname(os.path.abspath(__file__))
refs=json.load(open(f'{name}.refs.json'))
by=collections.defaultdict(list)
for r in refs: by[(r['file'],r['line'])].append(r)
rows=list(csv.reader(open(f'{OLD}/{name}.{prec_file}'),delimiter='\t'))[1:]
print('## precision, old method rows')
for row in rows:
    i,f,l,c,k,fr,to,v,why=row[:9]
    if k!='method' and not every: continue
    new=[r for r in by[(f,int(l))] if r['column']==int(c) and r['kind']==k]
    # `to` is the module (method rows) or the item (other rows, as sampled).
    nt=new[0]['to_module'] if new else None
    same=any(to in (r['to_module'],r['to']) for r in new)
    status='same' if same else ('GONE' if nt is None else 'CHANGED->'+nt)
    print(f"{i}\t{v}\t{status}\t{f}:{l}:{c}\t{fr} -> {to}\t{why[:90]}")
rows=list(csv.reader(open(f'{OLD}/{name}.{recall_file}'),delimiter='\t'))
hdr=rows[0]; rows=rows[1:]
print('## recall, method rows')
for row in rows:
    d=dict(zip(hdr,row))
    if d['is_method']!='1' and not every: continue
    f,l=d['file:line'].rsplit(':',1)
    tgt=d['target']
    hits=[r for r in by[(f,int(l))] if r['from']==d['from_module'] and (r['to_module']==tgt or r['to_module'].startswith(tgt+'::') or r['to']==tgt)]
    now='found' if hits else 'missed'
    flag='' if (now=='found')==(d['result'].startswith('found')) else '  <<< CHANGED'
    cols=",".join(str(r["column"]) for r in hits)
    print(f"{d['draw']}\t@{cols}\t{d['result']}\t{now}{flag}\t{d['file:line']}\t{d['ident@col']}\t{tgt}\t{d['note'][:80]}")
