# SPDX-License-Identifier: GPL-2.0-or-later
"""The CI recipes (tools/ci/*.yml) read as GitHub Actions and GitLab CI read
them, for tests/test-ci-recipes.c and tests/test-ci-jobs.c, which judge what
this prints (JSON).

  ci-recipes.py commands FILE
      {"doc": the parsed YAML, "commands": [[word, ...], ...]}: every simple
      command of the file's shell scripts that runs timerlab, make or
      tools/deps, its words with the recipe's own variables expanded and
      its redirections dropped. A file that is not YAML: exit 1.
  ci-recipes.py simulate FILE RUN_STATUS COMPARE_STATUS
      Runs the recipe's scripts in a temporary folder as its CI would (steps
      in order, each step's "if" honoured; GitLab's script in one shell),
      with stubs for timerlab (its run exits RUN_STATUS, its compare
      COMPARE_STATUS; a run that exits 2 writes nothing, as a bad usage),
      make, apt-get and tools/deps, and prints {"status": the job's (0, or
      the first failing status), "failed": [steps], "summary": the job
      summary or log, "kept": {artifact path: whether it exists}}.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

# What separates simple commands, and what may stand before one.
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", ";;"}
KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}"}
REDIRECTIONS = {">", ">>", "<", ">&", "<&", "&>"}
GITLAB_RESERVED = {"variables", "stages", "default", "include", "workflow", "image", "services",
                   "before_script", "after_script", "cache"}


def expand(word, env):
    word = re.sub(r"\$\{\{\s*env\.(\w+)\s*\}\}", lambda m: env.get(m.group(1), m.group(0)), word)
    return re.sub(r"\$\{?([A-Za-z_]\w*)\}?", lambda m: env.get(m.group(1), m.group(0)), word)


def simple_commands(script, env):
    script = script.replace("\\\n", " ")
    for line in script.split("\n"):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words, command = list(lexer), []
        for word in words + [";"]:
            if word in SEPARATORS:
                yield from relevant(command, env)
                command = []
            else:
                command.append(word)


def relevant(words, env):
    while words and (words[0] in KEYWORDS or re.match(r"^[A-Za-z_]\w*=", words[0])):
        words = words[1:]
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in REDIRECTIONS:
            skip = True
        else:
            kept.append(expand(word, env))
    if kept and (os.path.basename(kept[0]) in ("timerlab", "make") or kept[0].endswith("tools/deps")):
        yield kept


def scripts(doc):
    """(name, script, env, if, step) for every shell script, in order."""
    if "jobs" in doc:
        for job in doc["jobs"].values():
            for step in job.get("steps", []):
                env = {**doc.get("env", {}), **job.get("env", {}), **step.get("env", {})}
                yield step.get("name", step.get("uses", "")), step.get("run"), env, step
        return
    for name, job in doc.items():
        if name in GITLAB_RESERVED or name.startswith(".") or "script" not in job:
            continue
        env = {**doc.get("variables", {}), **job.get("variables", {})}
        lines = [line for key in ("before_script", "script") for line in job.get(key, [])]
        yield name, "\n".join(lines), env, job


def commands(doc):
    found = []
    for _, script, env, _ in scripts(doc):
        if script:
            found += simple_commands(script, {k: str(v) for k, v in env.items()})
    return found


STUB_TIMERLAB = """#!/bin/sh
case $1 in
run)
	while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done
	[ "$RUN_STATUS" = 2 ] && exit 2
	mkdir -p "$out/20260101-000000-host-6.1"
	for f in result.json junit.xml summary.md index.html; do
		echo "stub $f" >"$out/20260101-000000-host-6.1/$f"
	done
	ln -s 20260101-000000-host-6.1 "$out/latest"
	exit "$RUN_STATUS" ;;
compare)
	while [ $# -gt 0 ]; do [ "$1" = --out ] && echo '{}' >"$2"; shift; done
	echo "stub comparison.md"
	exit "$COMPARE_STATUS" ;;
esac
"""


def stubs(folder):
    stub_bin = os.path.join(folder, "bin")
    os.makedirs(stub_bin)
    os.makedirs(os.path.join(folder, "work", "tools"))
    for path, text in ((os.path.join(stub_bin, "timerlab"), STUB_TIMERLAB),
                       (os.path.join(stub_bin, "make"), "#!/bin/sh\n"),
                       (os.path.join(stub_bin, "apt-get"), "#!/bin/sh\n"),
                       (os.path.join(folder, "work", "tools", "deps"), "#!/bin/sh\n")):
        with open(path, "w") as out:
            out.write(text)
        os.chmod(path, 0o755)
    return stub_bin


def simulate(doc, run_status, compare_status):
    folder = tempfile.mkdtemp(prefix="timerlab-recipe-")
    try:
        return simulate_in(folder, doc, run_status, compare_status)
    finally:
        shutil.rmtree(folder)


def simulate_in(folder, doc, run_status, compare_status):
    work, summary = os.path.join(folder, "work"), os.path.join(folder, "summary")
    base = {"PATH": stubs(folder) + ":" + os.environ["PATH"], "RUN_STATUS": run_status,
            "COMPARE_STATUS": compare_status, "RUNNER_TEMP": os.path.join(folder, "temp"),
            "GITHUB_STEP_SUMMARY": summary, "TMPDIR": folder, "HOME": folder}
    os.makedirs(base["RUNNER_TEMP"])
    status, failed, kept, log = 0, [], {}, ""
    for name, script, env, step in scripts(doc):
        env = {k: str(v) for k, v in env.items()}
        condition = str(step.get("if", "success()"))
        if status and "always()" not in condition and "!cancelled()" not in condition:
            continue
        if script is None:  # an action: what it would publish or keep
            for key in ("path", "report_paths"):
                if key in step.get("with", {}):
                    path = expand(str(step["with"][key]), env)
                    kept[path] = os.path.exists(os.path.join(work, path))
            continue
        shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        done = subprocess.run(shell, cwd=work, env={**base, **env}, capture_output=True, text=True)
        log += done.stdout
        if done.returncode:
            failed.append(name)
            status = status or done.returncode
        for path in step.get("artifacts", {}).get("paths", []):
            kept[path] = os.path.exists(os.path.join(work, path))
        junit = step.get("artifacts", {}).get("reports", {}).get("junit")
        if junit:
            kept[junit] = os.path.exists(os.path.join(work, junit))
    if os.path.exists(summary):
        with open(summary) as text:
            log = text.read()
    return {"status": status, "failed": failed, "summary": log, "kept": kept}


def main():
    with open(sys.argv[2]) as text:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as error:
            sys.exit(f"{sys.argv[2]}: {error}")
    if not isinstance(doc, dict):
        sys.exit(f"{sys.argv[2]}: not a mapping")
    if sys.argv[1] == "commands":
        print(json.dumps({"doc": doc, "commands": commands(doc)}, default=str))
    else:
        print(json.dumps(simulate(doc, sys.argv[3], sys.argv[4])))


main()
