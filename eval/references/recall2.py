import json,random,sys,re,collections
name,root,mode,n,seed=sys.argv[1],sys.argv[2],sys.argv[3],int(sys.argv[4]),int(sys.argv[5])
d=json.load(open(f'{name}.json'))
crates={c['name'] for c in d['crates']}
refs=json.load(open(f'{name}.refs.json'))
byline=collections.defaultdict(list)
for r in refs: byline[(r['file'],r['line'])].append(r)
filemod={}
for m in d['modules']:
    f=m['file']
    if f not in filemod or len(m['id'])<len(filemod[f]): filemod[f]=m['id']
defs=collections.defaultdict(set)
fndefs=collections.defaultdict(set)
DEF=re.compile(r'\b(fn|struct|enum|trait|type|const|static|union|macro_rules!|mod)\s+(r#)?([A-Za-z_][A-Za-z0-9_]*)')
info={}
for f,mid in filemod.items():
    txt=open(f'{root}/{f}').read(); L=txt.split('\n')
    cut=len(L)
    inblk=False; blk=set()
    for k,l in enumerate(L):
        if '/*' in l: inblk=True
        if inblk: blk.add(k)
        if '*/' in l: inblk=False
    for k,l in enumerate(L):
        if re.match(r'\s*#\[cfg\(test\)\]',l) and k+1<len(L) and re.match(r'\s*(pub\s+)?mod\s',L[k+1]): cut=k;break
    imported=set()
    for u in re.finditer(r'^\s*(pub(\([^)]*\))?\s+)?use\s+([^;]+);',txt,re.S|re.M):
        body=u.group(3).strip()
        if re.search(r'\b('+'|'.join(crates|{'crate','super','self'})+r')::',body):
            toks=re.findall(r'[A-Za-z_][A-Za-z0-9_]*',body)
            imported|={t for t in toks if t not in ('crate','super','self','as','pub')}
            if '*' in body: imported.add('*GLOB*')
    info[f]=(L,cut,imported,blk)
    for l in L[:cut]:
        for mm in DEF.finditer(l):
            defs[mm.group(3)].add(mid)
            if mm.group(1)=='fn': fndefs[mm.group(3)].add(mid)
rng=random.Random(seed)
files=sorted(filemod)
out=[];seen=set();tries=0
while len(out)<n and tries<200000:
    tries+=1
    f=rng.choice(files); L,cut,imported,blk=info[f]
    if cut==0: continue
    k=rng.randrange(cut)
    if (f,k) in seen or k in info[f][3]: continue
    l=L[k]; s=l.strip()
    if not s or s.startswith(('//','*','/*')): continue
    mid=filemod[f]
    code=re.sub(r'"(\\.|[^"\\])*"','""',l.split('//')[0])
    cands=[]
    for m in re.finditer(r'[A-Za-z_][A-Za-z0-9_]*',code):
        c,t=m.start(),m.group(0)
        is_meth=c>0 and code[c-1]=='.' and code[c+len(t):].lstrip().startswith(('(','::<'))
        if mode=='method':
            if is_meth and fndefs.get(t,set())-{mid}: cands.append((c+1,t,'M',sorted(fndefs[t]-{mid})[:3]))
        else:
            if is_meth: continue
            pre=code[:c]
            if re.search(r'\b(crate|super|self|'+'|'.join(crates)+r')::([A-Za-z_0-9]+::)*$',pre) or t in imported or ('*GLOB*' in imported and t in defs and t[0].isupper()):
                cands.append((c+1,t,'',sorted(defs.get(t,set())-{mid})[:3]))
    if not cands: continue
    seen.add((f,k))
    out.append((f,k+1,mid,cands))
out.sort()
for i,(f,ln,mid,cands) in enumerate(out):
    L=info[f][0]
    print(f'=== R{i} {f}:{ln} [{mid}]')
    for j in range(max(0,ln-4 if mode=="method" else ln-2),ln): print(f'   {j+1}: {L[j][:170]}')
    for c in cands: print('   cand',c)
    for r in byline.get((f,ln),[]): print(f"   TOOL {r['column']} {r['kind']} -> {r['to']}")
json.dump(out,open(f'{name}.recall.{mode}.json','w'))
