# Verdicts for a prec-methods TSV: setv_methods.py FILE 'i|verdict|reason' ... ;
# rows not named get 'ok' with the default reason (receiver's type read in the source).
import sys,csv
fn=sys.argv[1]
rows=list(csv.reader(open(fn),delimiter='\t'))
hdr,rows=rows[0],rows[1:]
ex={}
for a in sys.argv[2:]:
    i,v,r=a.split('|',2); ex[int(i)]=(v,r)
for row in rows:
    i=int(row[0])
    if i in ex: row[7],row[8]=ex[i]
    elif not row[7]: row[7],row[8]='ok','receiver type read in the source; method defined for it in target'
w=csv.writer(open(fn,'w'),delimiter='\t',lineterminator='\n'); w.writerow(hdr); w.writerows(rows)
from collections import Counter
print(fn, Counter(r[7] for r in rows))
