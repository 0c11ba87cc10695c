/** The UI's one stylesheet, served from /static/app.css (the CSP allows no inline style). */
export const UI_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9}
header{display:flex;gap:1.2rem;align-items:center;padding:.6rem 1.2rem;background:#12355b;color:#fff;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header a[aria-current]{text-decoration:underline}
header .who{margin-left:auto;display:flex;gap:.6rem;align-items:center}
header form{margin:0}header button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;padding:.15rem .5rem;cursor:pointer}
main{padding:1rem 1.2rem;max-width:1400px}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e2e5ea;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.id{white-space:nowrap;font-variant-numeric:tabular-nums}
td.note{max-width:16rem;overflow-wrap:anywhere}
.neg{color:#a11}
.cards{display:flex;gap:.8rem;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:.7rem 1rem;min-width:14rem}
.card .big{font-size:1.5rem;font-weight:650;white-space:nowrap}
form.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end;margin-bottom:.8rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#4a5363}
input,select,textarea{font:inherit;padding:.2rem .35rem;border:1px solid #b9c0cb;border-radius:3px}
button{font:inherit;padding:.25rem .8rem;border-radius:3px;border:1px solid #12355b;background:#12355b;color:#fff;cursor:pointer}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem}
.actions form{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:.6rem;display:flex;flex-direction:column;gap:.4rem}
.next{background:#fff8e1;border-left:4px solid #e0a800;padding:.5rem .8rem;margin:.6rem 0}
.error{background:#fdecea;border-left:4px solid #a11;padding:.5rem .8rem}
.ok{color:#176b2c}.bad{color:#a11;font-weight:600}
.pager{display:flex;gap:1rem;margin:.6rem 0}
.cal{display:grid;grid-template-columns:repeat(7,2.1rem);gap:2px;margin-bottom:.6rem}
.cal span{display:block;text-align:center;font-size:.75rem;padding:.25rem 0;border-radius:2px}
.cal .yes{background:#cde8d3}.cal .no{background:#f6c9c5}.cal .pad{background:transparent}
.login{max-width:22rem;margin:4rem auto;background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:1.2rem}
.login form{display:flex;flex-direction:column;gap:.6rem}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;padding:.6rem;border:1px solid #dde1e7}
dl.fields dt{color:#4a5363}dl.fields dd{margin:0}
.scroll{overflow-x:auto}
.muted{color:#6b7482}td form{margin:0}td form button{padding:.1rem .6rem}
code{background:#eef1f5;padding:0 .25rem;border-radius:3px}
`;
