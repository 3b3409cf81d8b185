import json,os,subprocess,sys
name,root=sys.argv[1],sys.argv[2]
d=json.load(open(f'{name}.json'))
refs={}
for m in d['modules']:
    out=subprocess.run([os.environ.get('SEAMS', 'target/release/cargo-seams'),'explain',root,m['id'],'--format','json','-q'],capture_output=True,text=True)
    if out.returncode: print('ERR',m['id'],out.stderr[:200]); continue
    for r in json.loads(out.stdout)['references']:
        k=(r['file'],r['line'],r['column'],r['kind'],r['from'],r['to'])
        refs[k]=r
json.dump(list(refs.values()),open(f'{name}.refs.json','w'),indent=0)
from collections import Counter
print(name,len(refs),Counter(r['kind'] for r in refs.values()))
