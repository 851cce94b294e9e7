#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the LAVA tests (tests/test-lava.c) need of LAVA's own code, which
Debian's lava-common and lava-dispatcher packages ship, unpacked under
build/ with PYTHONPATH pointing at them:

  lava.py validate-definition FILE   LAVA's schema of a test definition
  lava.py validate-job FILE          LAVA's schema of a job, as strict as
                                     a server can be
  lava.py device SCRIPTS ROOT FILE [NAME=VALUE...]
                                     what the dispatcher lays out on a
                                     device for a job that runs the test
                                     definition FILE with those parameters:
                                     ROOT/bin, the lava-* helpers of
                                     SCRIPTS (lava_test_shell) each with
                                     "#!/bin/sh" put in front; ROOT/lava,
                                     the runner's list of tests and the
                                     test's folder with its run.sh. Then
                                     ROOT/bin/lava-test-runner ROOT/lava
                                     runs it as on a device.

Exit status 0, or 1 with what is wrong on stderr.
"""
import os
import re
import stat
import sys

import yaml


def validate_definition(path):
    from lava_common.schemas.test import testdef

    with open(path) as stream:
        testdef.validate(yaml.safe_load(stream))


def validate_job(path):
    from lava_common import schemas

    with open(path) as stream:
        schemas.validate(yaml.safe_load(stream), strict=True)


def overlay(scripts, bin_dir):
    os.makedirs(bin_dir, exist_ok=True)
    for name in sorted(os.listdir(scripts)):
        source = os.path.join(scripts, name)
        if not name.startswith("lava-") or not os.path.isfile(source):
            continue
        with open(source) as stream:
            text = stream.read()
        target = os.path.join(bin_dir, name)
        with open(target, "w") as stream:
            stream.write("#!/bin/sh\n\n" + text)
        os.chmod(target, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)


def run_sh(path, run_dir, assignments, uuid):
    """The dispatcher's TestRunnerAction (lava_dispatcher/actions/deploy/
    testdef.py): parameters as shell variables, the definition's first,
    then the job's; set -e; the STARTRUN and ENDRUN signals around the
    steps, which go in as written."""
    with open(path) as stream:
        definition = yaml.safe_load(stream)
    lines = ["###default parameters from test definition###\n"]
    for key in ("params", "parameters"):
        for name, value in (definition.get(key) or {}).items():
            lines.append("%s='%s'\n" % (name, value or ""))
    lines.append("######\n")
    lines.append("###test parameters from job submission###\n")
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        lines.append("%s='%s'\n" % (name, value))
    lines.append("######\n")
    with open(os.path.join(run_dir, "uuid"), "w") as stream:
        stream.write(uuid + "\n")
    lines += [
        "set -e\n",
        "set -x\n",
        "export TESTRUN_ID=0_timerlab\n",
        "cd %s\n" % run_dir,
        "UUID=`cat uuid`\n",
        "set +x\n",
        'echo "<LAVA_SIGNAL_STARTRUN $TESTRUN_ID $UUID>"\n',
        "set -x\n",
    ]
    for step in definition.get("run", {}).get("steps", []):
        if step is None:
            continue
        if "--cmd" in step or "--shell" in step:
            step = re.sub(r"\$(\d+)\b", r"\\$\1", step)
        lines.append("%s\n" % step)
    lines += ["set +x\n", 'echo "<LAVA_SIGNAL_ENDRUN $TESTRUN_ID $UUID>"\n']
    with open(os.path.join(run_dir, "run.sh"), "w") as stream:
        stream.write("".join(lines))


def device(scripts, root, path, assignments):
    root = os.path.abspath(root)
    overlay(scripts, os.path.join(root, "bin"))
    lava = os.path.join(root, "lava")
    test = os.path.join(lava, "tests", "0_timerlab")
    os.makedirs(test)
    run_sh(path, test, assignments, "1_timerlab")
    with open(os.path.join(lava, "lava-test-runner.conf"), "w") as stream:
        stream.write(test + "\n")


def main(argv):
    commands = {
        "validate-definition": (1, lambda a: validate_definition(a[0])),
        "validate-job": (1, lambda a: validate_job(a[0])),
        "device": (3, lambda a: device(a[0], a[1], a[2], a[3:])),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 < commands[argv[1]][0]:
        sys.stderr.write(__doc__)
        return 2
    try:
        commands[argv[1]][1](argv[2:])
    except Exception as error:  # the schema's words, for the test to print
        sys.stderr.write("%s: %s: %s\n" % (argv[1], type(error).__name__, error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
