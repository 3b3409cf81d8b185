# recheck_all.py NAME: every old row of NAME (prec.tsv, prec-methods-s20.tsv, recall.tsv,
# recall-methods-s7.tsv) against NAME.refs.json and NAME.json of a new collection: places found
# now (a found-edge place by its edge in the analyze JSON), precision rows same/changed/gone.
import csv,json,os,sys,collections
OLD=os.path.dirname(os.path.abspath(__file__))
name=sys.argv[1]
refs=json.load(open(f'{name}.refs.json'))
an=json.load(open(f'{name}.json'))
edges={(d['from'],d['to']) for d in an['dependencies']}
by=collections.defaultdict(list)
for r in refs: by[(r['file'],r['line'])].append(r)
tot=found=0; misses=[]
for fn in ['recall.tsv','recall-methods-s7.tsv']:
    rows=list(csv.reader(open(f'{OLD}/{name}.{fn}'),delimiter='\t')); hdr=rows[0]
    for row in rows[1:]:
        d=dict(zip(hdr,row)); f,l=d['file:line'].rsplit(':',1); tgt=d['target']
        hits=[r for r in by[(f,int(l))] if r['from']==d['from_module'] and (r['to_module']==tgt or r['to_module'].startswith(tgt+'::') or r['to']==tgt)]
        ok=bool(hits) or (d['result']=='found-edge' and (d['from_module'],tgt) in edges)
        tot+=1; found+=ok
        if not ok: misses.append((fn,d['file:line'],d['ident@col'],d['is_method'],d['result'],d['note'][:100]))
prec=collections.Counter()
for fn in ['prec.tsv','prec-methods-s20.tsv']:
    rows=list(csv.reader(open(f'{OLD}/{name}.{fn}'),delimiter='\t'))[1:]
    for row in rows:
        i,f,l,c,k,fr,to,v,why=row[:9]
        new=[r for r in by[(f,int(l))] if r['column']==int(c) and r['kind']==k]
        same=any(to in (r['to_module'],r['to']) for r in new)
        st='same' if same else ('gone' if not new else 'changed')
        prec[(v,st)]+=1
        if st=='changed': print('  PREC CHANGED',fn,row[:8],[r['to_module'] for r in new])
print(name,'recall',found,'/',tot,' precision rows',dict(prec))
for m in misses: print('  MISS',*m)
