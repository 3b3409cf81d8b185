# sample.py NAME DIR            -> NAME.prec.tsv: 18 method + 34 other references, seed 10
# sample.py NAME DIR SEED N     -> NAME.prec-methods-sSEED.tsv: N method references only
import json,random,sys,re
name,root=sys.argv[1],sys.argv[2]
methods_only=len(sys.argv)>4
seed,n=(int(sys.argv[3]),int(sys.argv[4])) if methods_only else (10,18)
refs=json.load(open(f'{name}.refs.json'))
mods={m['id']:m for m in json.load(open(f'{name}.json'))['modules']}
rng=random.Random(seed)
meth=[r for r in refs if r['kind']=='method']; oth=[r for r in refs if r['kind']!='method']
meth.sort(key=lambda r:(r['file'],r['line'],r['column'],r['to']));oth.sort(key=lambda r:(r['file'],r['line'],r['column'],r['kind'],r['to']))
s=rng.sample(meth,n)+([] if methods_only else rng.sample(oth,34))
s.sort(key=lambda r:(r['file'],r['line']))
out=open(f'{name}.prec-methods-s{seed}.tsv' if methods_only else f'{name}.prec.tsv','w')
out.write('i\tfile\tline\tcol\tkind\tfrom\tto\tverdict\treason\n')
for i,r in enumerate(s):
    out.write(f"{i}\t{r['file']}\t{r['line']}\t{r['column']}\t{r['kind']}\t{r['from']}\t{r['to']}\t\t\n")
    path=f"{root}/{r['file']}"
    lines=open(path).read().split('\n')
    L=lines[r['line']-1]
    ident=re.match(r'[A-Za-z_][A-Za-z0-9_]*',L[r['column']-1:])
    ident=ident.group(0) if ident else '?'
    print(f"=== {i} {r['kind']} {r['file']}:{r['line']}:{r['column']} {r['from']} -> {r['to']}  [ident={ident}]")
    lo=max(0,r['line']-1-(4 if r['kind']=='method' else 1))
    for j in range(lo,r['line']): print(f"   {j+1}: {lines[j][:160]}")
    # definition search in target module file
    tm=r['to_module']; item=r['to'][len(tm)+2:] if r['to']!=tm else None
    nm=item.split('::')[-1] if item else ident
    mf=mods.get(tm,{}).get('file')
    if mf:
        src=open(f"{root}/{mf}").read().split('\n')
        hits=[(k+1,l.strip()[:120]) for k,l in enumerate(src) if re.search(r'\b(fn|struct|enum|trait|type|const|static|mod|union|macro_rules!)\s+'+re.escape(nm)+r'\b',l) or re.search(r'^\s*'+re.escape(nm)+r'\s*[\(\{,]',l)]
        print(f"   def in {mf}: {hits[:4]}")
