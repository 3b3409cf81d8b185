# setv.py NAME 'i|verdict|reason' ...   verdicts for NAME.prec.tsv (or for a .tsv file named
# directly, e.g. NAME.prec-methods-s20.tsv); rows not named get 'ok' with the default reason.
import sys,csv
name=sys.argv[1]; fn=name if name.endswith('.tsv') else f'{name}.prec.tsv'
rows=list(csv.reader(open(fn),delimiter='\t'))
hdr,rows=rows[0],rows[1:]
ex={}
for a in sys.argv[2:]:
    i,v,r=a.split('|',2); ex[int(i)]=(v,r)
for row in rows:
    i=int(row[0])
    if i in ex: row[7],row[8]=ex[i]
    elif not row[7]:
        row[7]='ok'; row[8]={'method':'receiver type defined/impl in target module','use':'imported item defined in target','type':'type path resolves (imports) to item in target','call':'path resolves to item in target','impl':'impl of target item','macro':'macro defined in target'}[row[4]]
w=csv.writer(open(fn,'w'),delimiter='\t',lineterminator='\n'); w.writerow(hdr); w.writerows(rows)
from collections import Counter
print(Counter((r[4]=='method',r[7]) for r in rows))
