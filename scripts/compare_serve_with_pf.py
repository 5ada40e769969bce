#!/usr/bin/env python3
"""Differential check of `flowgate flow serve` against promptflow 1.18.5's `pf flow serve` (its Flask server).

Usage (from the repository root, after `swift build --product flowgate` and `swift build --product flowgate-test-llm`):
    python3 scripts/compare_serve_with_pf.py [--venv /tmp/pfvenv] [--only FLOW ...] [--all] [--json OUT.json]
For each flow (the examples/flows ones plus a few generated ones: one required input, two required inputs,
no inputs, a python generator) it starts pf and flowgate side by side on two ports, sends both the same
requests (valid inputs, extra keys, missing/wrong-typed inputs, non-JSON and empty bodies, the Accept matrix,
SSE, unknown routes, wrong methods, /health, /version, /swagger.json, /feedback, x-request-id) and prints,
per case, status and Content-Type from both and both bodies when they differ after normalising what must
differ (versions, build info, uuids, timings). `--all` prints every case, not only the differing ones.
llm flows use flowgate-test-llm through an open_ai connection named open_ai_connection: `pf connection create`
in a temporary HOME (promptflow keeps its store in ~/.promptflow) and the environment override for flowgate.
Every process it starts is stopped at the end. Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROCS = []


def start(cmd, env, log):
    out = open(log, "wb")
    p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    PROCS.append(p)
    return p


def stop(p):
    if p.poll() is not None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(timeout=10)
    except Exception:
        try:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=5)
        except Exception:
            pass


def request(port, method, path, headers=None, body=None, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return {"status": r.status, "headers": {k.lower(): v for k, v in r.getheaders()}, "body": data}
    except Exception as e:  # a reset or timeout is a result too
        return {"status": None, "headers": {}, "body": ("<%s: %s>" % (type(e).__name__, e)).encode()}
    finally:
        conn.close()


def wait_ready(port, proc, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        if request(port, "GET", "/health", timeout=5)["status"] == 200:
            return True
        time.sleep(0.3)
    return False


UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalise(body):
    b = UUID.sub(b"<uuid>", body)
    b = re.sub(rb'("version": ?)"[^"]*"', rb'\1"<v>"', b)
    b = re.sub(rb'("build_info": ?)"(?:[^"\\]|\\.)*"', rb'\1"<build>"', b)
    b = re.sub(rb'("(?:duration|start_time|end_time)": ?)[^,}]*', rb"\1<t>", b)
    return b


def classify(a, b, ca, cb, na, nb):
    """Why two responses differ: 'different' unless status and Content-Type agree and the bodies carry the
    same data, differing only by a trailing newline ('newline') or by JSON formatting ('json-format':
    separators, key order, \\u escapes)."""
    if a["status"] != b["status"] or ca != cb:
        return "different"
    if na.rstrip(b"\n") == nb.rstrip(b"\n"):
        return "newline"
    try:
        if ca and "event-stream" in ca:
            ea = [json.loads(x[6:]) for x in na.decode().split("\n\n") if x.startswith("data: ")]
            eb = [json.loads(x[6:]) for x in nb.decode().split("\n\n") if x.startswith("data: ")]
            return "json-format" if ea == eb else "different"
        return "json-format" if json.loads(na) == json.loads(nb) else "different"
    except ValueError:
        return "different"


# Flows generated for the cases the examples do not cover.
GENERATED = {
    "gen-one-input": ("inputs:\n  text:\n    type: string\noutputs:\n  out:\n    type: string\n"
                      "    reference: ${echo.output}\nnodes:\n- name: echo\n  type: python\n"
                      "  source:\n    type: code\n    path: echo.py\n  inputs:\n    text: ${inputs.text}\n",
                      {"echo.py": "from promptflow.core import tool\n\n\n@tool\ndef echo(text: str) -> str:\n"
                                  "    return 'got: ' + str(text)\n"}),
    "gen-two-inputs": ("inputs:\n  count:\n    type: int\n  name:\n    type: string\n  flag:\n    type: bool\n"
                       "    default: false\n  items:\n    type: list\n    default: []\n  obj:\n    type: object\n"
                       "    default: {}\n  ratio:\n    type: double\n    default: 0.5\n"
                       "outputs:\n  out:\n    type: object\n    reference: ${show.output}\n"
                       "nodes:\n- name: show\n  type: python\n  source:\n    type: code\n    path: show.py\n"
                       "  inputs:\n    count: ${inputs.count}\n    name: ${inputs.name}\n    flag: ${inputs.flag}\n"
                       "    items: ${inputs.items}\n    obj: ${inputs.obj}\n    ratio: ${inputs.ratio}\n",
                       {"show.py": "from promptflow.core import tool\n\n\n@tool\ndef show(count: int, name: str, flag: bool,"
                                   " items: list, obj: dict, ratio: float) -> dict:\n"
                                   "    return {'count': count, 'name': name, 'flag': flag, 'items': items, 'obj': obj,"
                                   " 'ratio': ratio, 'types': [type(v).__name__ for v in (count, name, flag, items,"
                                   " obj, ratio)], 'uni': 'caf\\u00e9 \\u2603'}\n"}),
    "gen-no-input": ("inputs: {}\noutputs:\n  out:\n    type: string\n    reference: ${const.output}\n"
                     "nodes:\n- name: const\n  type: python\n  source:\n    type: code\n    path: const.py\n"
                     "  inputs: {}\n",
                     {"const.py": "from promptflow.core import tool\n\n\n@tool\ndef const() -> str:\n"
                                  "    return 'constant'\n"}),
    "gen-py-stream": ("inputs:\n  n:\n    type: int\n    default: 3\noutputs:\n  answer:\n    type: string\n"
                      "    reference: ${gen.output}\n  n_out:\n    type: int\n    reference: ${inputs.n}\n"
                      "nodes:\n- name: gen\n  type: python\n  source:\n    type: code\n    path: gen.py\n"
                      "  inputs:\n    n: ${inputs.n}\n",
                      {"gen.py": "from promptflow.core import tool\n\n\n@tool\ndef gen(n: int):\n"
                                 "    for i in range(n):\n        yield 'chunk %d caf\\u00e9 ' % i\n"}),
}

SAMPLES = {
    "gen-one-input": {"text": "hello"},
    "gen-two-inputs": {"count": 2, "name": "x"},
    "gen-no-input": {},
    "gen-py-stream": {"n": 2},
    "flex-stream": {"topic": "flows", "sentences": 2},
    "prompty-summarize": {"text": "Short text.", "audience": "a customer", "max_sentences": 1},
}

ACCEPTS = [None, "", "*/*", "application/json", "application/*", "text/event-stream",
           "text/event-stream, application/json", "text/html", "text/html, image/png",
           "application/json;q=0.5, text/event-stream"]
WRONG = [("int", 123), ("bool", True), ("list", [1, 2]), ("object", {"a": 1}), ("str", "abc"), ("null", None),
         ("float", 1.5), ("numstr", "7")]


def flow_inputs(path):
    for name in ("flow.dag.yaml", "flow.flex.yaml"):
        f = os.path.join(path, name)
        if os.path.exists(f):
            text = open(f).read()
            m = re.search(r"^inputs:\s*\n((?:[ ]+.*\n)+)", text, re.M)
            if not m:
                return []
            return re.findall(r"^  (\w+):", m.group(1), re.M)
    return ["text", "audience", "max_sentences"]


def cases(flow, path):
    sample = SAMPLES.get(flow)
    if sample is None:
        samples = os.path.join(path, "samples.json")
        sample = json.load(open(samples))[0] if os.path.exists(samples) else {}
    j = {"Content-Type": "application/json"}
    enc = lambda v: json.dumps(v).encode()
    out = []
    add = lambda name, method, p, headers, body: out.append((name, method, p, headers, body))
    for acc in ACCEPTS:
        h = dict(j)
        if acc is not None:
            h["Accept"] = acc
        add("valid accept=%r" % acc, "POST", "/score", h, enc(sample))
    add("valid no content-type", "POST", "/score", {}, enc(sample))
    add("valid text/plain content-type", "POST", "/score", {"Content-Type": "text/plain"}, enc(sample))
    add("extra keys", "POST", "/score", j, enc(dict(sample, zz_extra=1, tags=["x", "y"])))
    add("empty object", "POST", "/score", j, b"{}")
    add("empty body", "POST", "/score", j, b"")
    add("non-JSON body", "POST", "/score", j, b"hello world")
    add("non-JSON body text/plain", "POST", "/score", {"Content-Type": "text/plain"}, b"hello world")
    add("JSON string body", "POST", "/score", j, b'"hi"')
    add("JSON array body", "POST", "/score", j, b"[1, 2]")
    add("JSON number body", "POST", "/score", j, b"42")
    add("JSON null body", "POST", "/score", j, b"null")
    add("truncated JSON", "POST", "/score", j, b'{"text": ')
    add("non-ASCII input", "POST", "/score", j,
        enc({k: ("caf\u00e9 \u2603 \U0001F600" if isinstance(v, str) else v) for k, v in sample.items()}))
    inputs = flow_inputs(path)
    for name in inputs[:6]:
        for label, value in WRONG:
            add("type %s=%s" % (name, label), "POST", "/score", j, enc(dict(sample, **{name: value})))
    if inputs:
        add("missing first input", "POST", "/score", j, enc({k: v for k, v in sample.items() if k != inputs[0]}))
    add("x-request-id", "POST", "/score", dict(j, **{"x-request-id": "req-abc-123"}), enc(sample))
    add("x-ms-client-request-id", "POST", "/score", dict(j, **{"x-ms-client-request-id": "cli-456"}), enc(sample))
    add("GET /score", "GET", "/score", {}, None)
    add("PUT /score", "PUT", "/score", j, enc(sample))
    add("GET /nope", "GET", "/nope", {}, None)
    add("POST /nope", "POST", "/nope", j, b"{}")
    add("GET /", "GET", "/", {}, None)
    add("GET /a/b", "GET", "/a/b", {}, None)
    add("POST /score/", "POST", "/score/", j, enc(sample))
    add("OPTIONS /score", "OPTIONS", "/score", {"Origin": "http://x.test", "Access-Control-Request-Method": "POST"}, None)
    add("HEAD /health", "HEAD", "/health", {}, None)
    add("GET /health", "GET", "/health", {}, None)
    add("POST /health", "POST", "/health", {}, b"")
    add("GET /version", "GET", "/version", {}, None)
    add("GET /swagger.json", "GET", "/swagger.json", {}, None)
    add("POST /feedback", "POST", "/feedback", j, b'{"rating": 5, "nested": {"a": 1}}')
    add("POST /feedback?flatten=true", "POST", "/feedback?flatten=true", j, b'{"rating": 5, "nested": {"a": 1}}')
    add("POST /feedback non-JSON", "POST", "/feedback", j, b"not json")
    add("GET /feedback", "GET", "/feedback", {}, None)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--venv", default=None)
    ap.add_argument("--flowgate", default=os.path.join(ROOT, ".build/debug/flowgate"))
    ap.add_argument("--test-llm", default=os.path.join(ROOT, ".build/debug/flowgate-test-llm"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--bytes", action="store_true", help="print both bodies for formatting-only differences too")
    ap.add_argument("--base-port", type=int, default=18850)
    args = ap.parse_args()
    venv = args.venv
    if venv is None:
        for c in ("/tmp/pfvenv", "/tmp/pf-venv", os.path.join(ROOT, ".build-bench-venv")):
            if os.path.exists(os.path.join(c, "bin/pf")):
                venv = c
                break
    if venv is None:
        sys.exit("no promptflow venv: python3 -m venv /tmp/pf-venv && "
                 "/tmp/pf-venv/bin/pip install promptflow==1.18.5 promptflow-tools")
    work = tempfile.mkdtemp(prefix="serve-diff.")
    results = []
    try:
        flows = []
        for name in sorted(os.listdir(os.path.join(ROOT, "examples/flows"))):
            p = os.path.join(ROOT, "examples/flows", name)
            if os.path.isdir(p) and name != "eval-accuracy":
                flows.append((name, p))
        for name, (dag, files) in GENERATED.items():
            p = os.path.join(work, name)
            os.makedirs(p)
            open(os.path.join(p, "flow.dag.yaml"), "w").write(dag)
            for f, text in files.items():
                open(os.path.join(p, f), "w").write(text)
            flows.append((name, p))
        if args.only:
            flows = [f for f in flows if f[0] in args.only]

        # Private copies: a concurrent `swift build` relinking .build/debug must not stop a run half-way.
        for attr in ("flowgate", "test_llm"):
            copy = os.path.join(work, os.path.basename(getattr(args, attr)))
            shutil.copy2(getattr(args, attr), copy)
            setattr(args, attr, copy)
        llm_port = args.base_port
        llm = start([args.test_llm, str(llm_port)], dict(os.environ), os.path.join(work, "llm.log"))
        base = "http://127.0.0.1:%d/v1" % llm_port
        for _ in range(100):
            if request(llm_port, "GET", "/", timeout=2)["status"] is not None:
                break
            time.sleep(0.1)
        home = os.path.join(work, "pf-home")
        os.makedirs(home)
        penv = dict(os.environ, HOME=home, PF_DISABLE_TRACING="true", OPENAI_API_KEY="sk-test",
                    OPENAI_BASE_URL=base, PYTHONIOENCODING="utf-8")
        subprocess.run([venv + "/bin/pf", "config", "set", "telemetry.enabled=false"], env=penv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn = os.path.join(work, "conn.yaml")
        open(conn, "w").write("name: open_ai_connection\ntype: open_ai\napi_key: sk-test\nbase_url: %s\n" % base)
        subprocess.run([venv + "/bin/pf", "connection", "create", "-f", conn], env=penv, check=True,
                       stdout=subprocess.DEVNULL)
        fenv = dict(os.environ, FLOWGATE_HOME=os.path.join(work, "fg-home"), OPENAI_API_KEY="sk-test",
                    OPENAI_BASE_URL=base,
                    open_ai_connection=json.dumps({"type": "open_ai", "api_key": "sk-test", "base_url": base}))
        pf_port, fg_port = args.base_port + 1, args.base_port + 2
        total_diff = 0
        for name, path in flows:
            pf = start([venv + "/bin/pf", "flow", "serve", "--source", path, "--host", "127.0.0.1", "--port",
                        str(pf_port), "--skip-open-browser"], penv, os.path.join(work, name + ".pf.log"))
            fg = start([args.flowgate, "flow", "serve", path, "--host", "127.0.0.1", "--port", str(fg_port)],
                       fenv, os.path.join(work, name + ".fg.log"))
            ok_pf, ok_fg = wait_ready(pf_port, pf, 180), wait_ready(fg_port, fg, 120)
            print("\n######## %s (pf %s, flowgate %s)" % (name, "up" if ok_pf else "DOWN", "up" if ok_fg else "DOWN"))
            if not (ok_pf and ok_fg):
                for side, p in (("pf", pf), ("fg", fg)):
                    log = open(os.path.join(work, "%s.%s.log" % (name, side)), "rb").read()[-1500:]
                    print("--- %s log tail:\n%s" % (side, log.decode(errors="replace")))
            else:
                for case in cases(name, path):
                    cname, method, p, headers, body = case
                    a = request(pf_port, method, p, headers, body)
                    b = request(fg_port, method, p, headers, body)
                    ca, cb = a["headers"].get("content-type"), b["headers"].get("content-type")
                    na, nb = normalise(a["body"]), normalise(b["body"])
                    rid = {k: (a["headers"].get(k), b["headers"].get(k)) for k in ("x-request-id",
                                                                                  "x-ms-client-request-id")}
                    ignored = {"date", "server", "content-length", "connection", "keep-alive"}
                    ha, hb = set(a["headers"]) - ignored, set(b["headers"]) - ignored
                    same = a["status"] == b["status"] and ca == cb and na == nb
                    kind = "same" if same else classify(a, b, ca, cb, na, nb)
                    results.append({"flow": name, "case": cname, "same": same, "pf_status": a["status"],
                                    "fg_status": b["status"], "kind": kind, "pf_ct": ca, "fg_ct": cb,
                                    "pf_headers": a["headers"], "fg_headers": b["headers"], "pf_body": a["body"].decode(errors="replace"),
                                    "fg_body": b["body"].decode(errors="replace"), "request_id": rid})
                    if not same:
                        total_diff += 1
                    if args.all or not same or "request-id" in cname:
                        print("%s %-34s pf %s %-32s | fg %s %s  [%s]" % ("  " if same else "!!", cname, a["status"],
                                                                       ca, b["status"], cb, kind))
                        if ha != hb:
                            print("     headers only pf: %s; only fg: %s" % (
                                {k: a["headers"][k] for k in ha - hb}, {k: b["headers"][k] for k in hb - ha}))
                        if "request-id" in cname:
                            print("     response request-id headers (pf, fg): %r" % rid)
                        if na != nb and (kind == "different" or args.bytes):
                            print("     pf: %r" % a["body"][:1500])
                            print("     fg: %r" % b["body"][:1500])
            stop(pf)
            stop(fg)
            time.sleep(0.5)
        print("\n%d differing cases" % total_diff)
    finally:
        for p in PROCS:
            stop(p)
        try:
            subprocess.run([venv + "/bin/pf", "service", "stop"], env=dict(os.environ, HOME=os.path.join(work, "pf-home")),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        except Exception:
            pass
        if args.json:
            json.dump(results, open(args.json, "w"), indent=1)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
