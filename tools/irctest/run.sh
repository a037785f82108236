#!/usr/bin/env bash
# Rerun irctest (https://github.com/progval/irctest) against Piazza and write a report.
#
#   tools/irctest/run.sh [REPO_DIR]            (default: the repository this script is in)
#
# 1. copies REPO_DIR (work tree, without bin/ obj/ .git) to $PIAZZA_SRC_COPY and builds
#    src/Piazza.Server there into $PIAZZA_BIN (the repo itself is not touched);
# 2. installs the Piazza controller and a pytest-7 compatibility patch into the irctest
#    checkout at $IRCTEST_DIR (both embedded below: this file is their source of truth);
# 3. runs the server tests once per mode in $IRCTEST_MODES (default "honest target strict":
#    ~12 min each for the first two on 2 cores, 1 min for strict), each bounded by
#    $IRCTEST_RUN_TIMEOUT seconds. honest/target run the main selection ($IRCTEST_MARKERS);
#    strict runs, with the honest controller, the `strict` and `deprecated` tests the main
#    selection leaves out ($IRCTEST_STRICT_MARKERS);
# 4. writes the report to $IRCTEST_REPORT (default $IRCTEST_RESULTS/report.md).
#
# Environment (all optional):
#   IRCTEST_DIR=REPO/../irctest  PIAZZA_BIN=/tmp/piazza-irctest-bin
#   PIAZZA_SRC_COPY=/tmp/piazza-irctest-src  IRCTEST_RESULTS=/tmp/irctest-results
#   IRCTEST_REPORT=$IRCTEST_RESULTS/report.md  IRCTEST_MODES="honest target"
#   IRCTEST_MARKERS='not services and not implementation-specific and not deprecated and not strict'
#   IRCTEST_K=''   (a pytest -k expression, e.g. 'who or whowas' to rerun a few modules)
#   IRCTEST_RUN_TIMEOUT=2400   SKIP_BUILD=1 (reuse $PIAZZA_BIN)
#   IRCTEST_HIDE_LOBBY_IN_TARGET=1 (target mode hides #lobby's LIST line: by design, issue 13)
# Extra arguments after REPO_DIR go to pytest (e.g. -x, -n 2 with pytest-xdist).
#
# irctest itself: if $IRCTEST_DIR is missing it is unpacked from the search tool's mirror
# (/work/.mirror/progval+irctest/repo, made by `fetch github:progval/irctest`), if present.
# Python packages come from Debian (PyPI is not reachable here): python3-pytest,
# python3-pytest-timeout, python3-ecdsa, python3-filelock, python3-cryptography, faketime.
set -euo pipefail

REPO=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
shift || true
IRCTEST=${IRCTEST_DIR:-$REPO/../irctest}
BIN=${PIAZZA_BIN:-/tmp/piazza-irctest-bin}
SRC=${PIAZZA_SRC_COPY:-/tmp/piazza-irctest-src}
RESULTS=${IRCTEST_RESULTS:-/tmp/irctest-results}
OUT=${IRCTEST_REPORT:-$RESULTS/report.md}
MODES=${IRCTEST_MODES:-honest target strict}
MARKERS=${IRCTEST_MARKERS:-not services and not implementation-specific and not deprecated and not strict}
STRICT_MARKERS=${IRCTEST_STRICT_MARKERS:-(strict or deprecated) and not services and not implementation-specific}
KEXPR=${IRCTEST_K:-}
RUN_TIMEOUT=${IRCTEST_RUN_TIMEOUT:-2400}
PY=/usr/bin/python3
MIRROR=${IRCTEST_MIRROR:-/work/.mirror/progval+irctest/repo}
mkdir -p "$RESULTS"
log() { printf '%s irctest-run: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- irctest checkout
if [ ! -f "$IRCTEST/conftest.py" ]; then
    if [ -d "$MIRROR" ]; then
        log "unpacking irctest from $MIRROR into $IRCTEST"
        mkdir -p "$IRCTEST"
        git --git-dir="$MIRROR" archive HEAD | tar -x -C "$IRCTEST"
        git --git-dir="$MIRROR" rev-parse HEAD > "$IRCTEST/.irctest-commit"
    else
        echo "irctest-run: no irctest at $IRCTEST and no mirror at $MIRROR;" >&2
        echo "  get it with the search tool: fetch github:progval/irctest, then rerun." >&2
        exit 2
    fi
fi

# ---------------------------------------------------------------- python packages
if ! $PY -c 'import pytest, pytest_timeout, ecdsa, filelock' 2>/dev/null || ! command -v faketime >/dev/null; then
    log "installing python3-pytest & co from Debian"
    { apt-get update -qq && apt-get install -y -qq python3-pytest python3-pytest-timeout \
        python3-ecdsa python3-filelock python3-cryptography faketime; } > "$RESULTS/apt.log" 2>&1 \
        || { echo "irctest-run: apt-get failed, see $RESULTS/apt.log" >&2; exit 2; }
fi

# ---------------------------------------------------------------- controller + patch
cat > "$IRCTEST/irctest/controllers/piazza.py" <<'EOF_PIAZZA_CONTROLLER'
"""irctest controller for Piazza (C#/.NET chat server that speaks IRC).

Environment:
  PIAZZA_BIN          folder holding piazza-server.dll (default /tmp/piazza-irctest-bin)
  PIAZZA_DOTNET       the dotnet executable (default: dotnet)
  PIAZZA_IRCTEST_MODE "honest" (default): the controller claims only the optional
                      behaviours / capabilities Piazza documents today, so tests for
                      missing features are *skipped* (with a reason) rather than failed.
                      "target": it claims everything issue 13 ("IRC conformance") asks
                      for, so missing features *fail* instead of being skipped.
  PIAZZA_IRCTEST_HIDE_LOBBY
                      1: drop "322 <nick> #lobby …" (LIST entries for #lobby) from what the
                      tests see. #lobby always exists by design (issue 13 keeps it), and
                      irctest's LIST tests assume an empty server; with this they test the
                      rest of LIST (and +s) instead of stopping at #lobby.
  IRCTEST_DEBUG_LOGS  1 to stream Piazza's log into the test output.

Servers are bound to 127.0.0.1 only. A server whose test never reached tearDown (irctest
skips some tests in setUp, after the server started, and pytest then skips teardown) is
killed when the next test starts a server, and at exit.
"""

import atexit
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
from typing import List, Optional, Set, Tuple, Type

from irctest import patma
from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController
from irctest.specifications import Capabilities, OptionalBehaviors

OPER_NAME = "operuser"
OPER_PASSWORD = "operpassword"

_MODE = os.environ.get("PIAZZA_IRCTEST_MODE", "honest").lower()

# What Piazza documents today (docs/protocol-irc.md). Not every cap has a member here:
# channel_rename.py asks for draft/channel-rename itself and skips on a NAK (skip_if_cap_nak),
# so it runs in every mode now that CAP LS offers it (irctest has no Capabilities entry for it).
_HONEST_CAPS = {
    Capabilities.ACCOUNT_NOTIFY,
    Capabilities.ACCOUNT_TAG,
    Capabilities.AWAY_NOTIFY,
    Capabilities.BATCH,
    Capabilities.ECHO_MESSAGE,
    Capabilities.EXTENDED_JOIN,
    Capabilities.EXTENDED_MONITOR,
    Capabilities.LABELED_RESPONSE,
    Capabilities.MESSAGE_REDACTION,
    Capabilities.MESSAGE_TAGS,
    Capabilities.MULTILINE,
    Capabilities.MULTI_PREFIX,
    Capabilities.READ_MARKER,  # read_marker.py; its services tests (always-on reconnects) are not run
    Capabilities.SERVER_TIME,
    Capabilities.SETNAME,
}
_HONEST_BEHAVIORS = {
    OptionalBehaviors.INVITE_OVERRIDES_LIMIT,  # "INVITE ... lets the target past +i, +k, +l"
    OptionalBehaviors.MULTI_JOIN,
    OptionalBehaviors.MULTI_PRIVMSG,
    OptionalBehaviors.MULTI_NAMES_COMMAND,
    OptionalBehaviors.MULTI_KICK,
    OptionalBehaviors.BAN_EXCEPTION_MODE,
    OptionalBehaviors.INVITE_EXCEPTION_MODE,
    OptionalBehaviors.NO_CTCP,
    OptionalBehaviors.INVITE_LIST,
    OptionalBehaviors.ELIST_M,
    OptionalBehaviors.ELIST_N,
    OptionalBehaviors.ELIST_U,
    OptionalBehaviors.ELIST_C,
    OptionalBehaviors.ELIST_T,
}
# What issue 13 asks for on top.
_TARGET_CAPS: set = set()
_TARGET_BEHAVIORS: Set[OptionalBehaviors] = set()  # every behaviour issue 13 asked for is in _HONEST_BEHAVIORS now

# ISUPPORT values isupport.py::testValues checks.
_HONEST_ISUPPORT = {
    "CASEMAPPING": "ascii",
    "CHANTYPES": "#",
    "PREFIX": "(ov)@+",
    "UTF8ONLY": None,
    "NETWORK": "PiazzaTest",
    "MSGREFTYPES": "msgid,timestamp",
    "MONITOR": patma.ANYSTR,
    "WHOX": None,
    "BOT": patma.ANYSTR,
    "EXCEPTS": patma.ANYOPTSTR,
    "INVEX": patma.ANYOPTSTR,
    "EXTBAN": patma.StrRe(r".*,.*m.*"),  # the m: mute extban
    "STATUSMSG": patma.ANYSTR,
    "ELIST": patma.StrRe(r"(?=.*C)(?=.*M)(?=.*N)(?=.*T)(?=.*U).*"),
}
_TARGET_ISUPPORT = {
    # issue 13: say the truth about NAMES and KICK (they take several targets)
    "TARGMAX": patma.NotStrRe(r".*(NAMES|KICK):1(,.*)?"),
}


# Every server this process started, to reap those whose test skipped its tearDown.
_SPAWNED: List[subprocess.Popen] = []


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # own session: pgid == pid
    except OSError:
        proc.kill()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass


def _kill_all() -> None:
    for proc in _SPAWNED:
        _kill(proc)


atexit.register(_kill_all)
if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
    # `timeout` sends SIGTERM: exit through atexit so no server is left behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

if os.environ.get("PIAZZA_IRCTEST_HIDE_LOBBY", "0").lower() in ("1", "true", "yes"):
    from irctest import client_mock

    _orig_get_messages = client_mock.ClientMock.getMessages

    def _get_messages_without_lobby(self, *args, **kwargs):  # type: ignore
        __tracebackhide__ = True
        msgs = _orig_get_messages(self, *args, **kwargs)
        return [
            m
            for m in msgs
            if isinstance(m, str)
            or not (
                m.command == "322"
                and len(m.params) > 1
                and m.params[1].lower() == "#lobby"
            )
        ]

    client_mock.ClientMock.getMessages = _get_messages_without_lobby  # type: ignore


def _hash_password(dotnet: str, dll: Path, password: str) -> str:
    out = subprocess.run(
        [dotnet, str(dll), "hash-password"],
        input=password + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("pbkdf2-"), out
    return lines[-1]


class PiazzaController(BaseServerController, DirectoryBasedController):
    software_name = "Piazza"
    # Accounts are built in (docs/protocol-irc.md "Accounts"): SASL PLAIN and SCRAM-SHA-256, REGISTER.
    supported_sasl_mechanisms: Set[str] = {"PLAIN", "SCRAM-SHA-256"}
    supports_sts = False
    extban_mute_char = "m"

    capabilities = frozenset(
        _HONEST_CAPS | (_TARGET_CAPS if _MODE == "target" else set())
    )
    optional_behaviors = frozenset(
        _HONEST_BEHAVIORS | (_TARGET_BEHAVIORS if _MODE == "target" else set())
    )

    isupport = dict(
        _HONEST_ISUPPORT, **(_TARGET_ISUPPORT if _MODE == "target" else {})
    )

    # computed once per pytest process (the KDF is slow on purpose)
    _oper_hash: Optional[str] = None

    def create_config(self) -> None:
        super().create_config()

    def get_hostname_and_port(self) -> Tuple[str, int]:
        # irctest's default binds "" (0.0.0.0); keep Piazza on loopback only.
        with self._used_ports() as used_ports:
            while True:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
                s.close()
                if ("127.0.0.1", port) not in used_ports:
                    break
            used_ports.add(("127.0.0.1", port))
            self._own_ports.add(("127.0.0.1", port))
        return ("127.0.0.1", port)

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        if ssl:
            raise NotImplementedByController("TLS")
        # run_services: accounts need no services here; registerUser uses the chat port's /register.
        if self.test_config.account_registration_requires_email:
            raise NotImplementedByController("account registration with e-mail verification")
        assert self.proc is None
        # tests run one after another in a pytest process: a server still alive here
        # belongs to a finished test that skipped its tearDown
        for old in _SPAWNED:
            _kill(old)
        _SPAWNED.clear()
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        (chat_hostname, chat_port) = self.get_hostname_and_port()
        self.chat_port = chat_port

        bin_dir = Path(os.environ.get("PIAZZA_BIN", "/tmp/piazza-irctest-bin"))
        dll = bin_dir / "piazza-server.dll"
        dotnet = os.environ.get("PIAZZA_DOTNET") or shutil.which("dotnet") or "dotnet"
        if PiazzaController._oper_hash is None:
            PiazzaController._oper_hash = _hash_password(dotnet, dll, OPER_PASSWORD)

        args = [
            dotnet,
            str(dll),
            f"--Listen:Chat={chat_hostname}:{chat_port}",
            f"--Listen:Irc={hostname}:{port}",
            "--Listen:Http=off",
            "--History:Store=memory",
            "--Flood:Enabled=false",
            "--Limits:Exempt:0=127.0.0.0/8",
            f"--Data:Path={self.directory / 'data'}",
            "--Irc:ServerName=My.Little.Server",
            "--Irc:Network=PiazzaTest",
            "--Irc:ServerDescription=test server",  # links.py expects it in 364
            f"--Operators:0:Name={OPER_NAME}",
            f"--Operators:0:PasswordHash={PiazzaController._oper_hash}",
            # irctest clients are not the ones of a real chat: don't replay history
            # into JOINs (tests compare the exact lines after a JOIN).
            "--History:ReplayOnJoin=0",
            "--Logging:LogLevel:Default=Warning",
            # irctest's passwords are short ("sesame"), and each test registers afresh:
            # a cheap KDF keeps the run fast (the server warns that it is weak).
            "--Accounts:MinPasswordLength=1",
            "--Accounts:PasswordIterations=1000",
            # as Ergo's controller: before-connect only where the test asks for it
            f"--Accounts:RegisterBeforeConnect={str(self.test_config.account_registration_before_connect).lower()}",
        ]
        if password:
            args.append(f"--Irc:Password={password}")

        env = dict(os.environ)
        env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        env.setdefault("DOTNET_NOLOGO", "1")
        if faketime and shutil.which("faketime"):
            # list.py's Faketime tests (ELIST C/T): the server's clock runs faster
            args = ["faketime", "-f", faketime, *args]
            self.faketime_enabled = True

        self.proc = self.execute(args, proc_name="piazza", env=env, cwd=self.directory)
        _SPAWNED.append(self.proc)


    def wait_for_services(self) -> None:
        # Accounts are the server's own: nothing else to wait for.
        pass

    def registerUser(self, case, username: str, password: Optional[str] = None) -> None:  # type: ignore[override]
        """
        An account as a plain user makes one, on the chat port (its lines may be longer than IRC's
        512 bytes, and sasl.py registers passwords of ~600 characters): /nick, /register, exit.
        """
        assert password
        self.wait_for_port()  # the server may still be starting (irctest waits in addClient)
        with socket.create_connection(("127.0.0.1", self.chat_port), timeout=10) as s:
            s.sendall(f"/nick {username}\n/register {password}\n".encode())
            seen = b""
            while b"* registered the account" not in seen:
                chunk = s.recv(4096)
                assert chunk, f"the server closed before registering {username}: {seen!r}"
                seen += chunk
                assert b"\n! " not in seen, f"registering {username} was refused: {seen!r}"
            s.sendall(b"exit\n")


def get_irctest_controller_class() -> Type[PiazzaController]:
    return PiazzaController

EOF_PIAZZA_CONTROLLER
cat > "$RESULTS/conftest-patch.py" <<'EOF_CONFTEST_PATCH'
"""Make irctest's conftest.py work with pytest < 8.1 (Debian 12 ships pytest 7.2 /
pluggy 1.0, which lack @pytest.hookimpl(wrapper=True)). Idempotent."""
import sys

p = sys.argv[1]
s = open(p).read()
if "_check_optional_behavior" in s:
    sys.exit(0)
start = s.index("@pytest.hookimpl(wrapper=True)")
new = '''def _check_optional_behavior(item, exc):
    if isinstance(exc, OptionalBehaviorNotSupported):
        behavior = exc.args[0]
        if controller := getattr(item.instance, "controller", None):
            if behavior in controller.optional_behaviors:
                raise Exception(
                    f"Software {controller.software_name} must support behavior {behavior} but does not"
                )


if tuple(int(x) for x in pytest.__version__.split(".")[:2]) >= (8, 1):

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(item):
        """Turn some unittest.SkipTest into errors, if the implementation being
        tested is expected to support the optional behavior."""
        try:
            return (yield)
        except unittest.SkipTest as e:
            _check_optional_behavior(item, e)
            raise  # skip the test after all

else:
    # pytest < 8.1 / pluggy < 1.2 (e.g. Debian 12's python3-pytest 7.2):
    # old-style hook wrapper, same behaviour.

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(item):
        outcome = yield
        if outcome.excinfo is not None:
            _check_optional_behavior(item, outcome.excinfo[1])
'''
open(p, "w").write(s[:start] + new)
EOF_CONFTEST_PATCH
$PY "$RESULTS/conftest-patch.py" "$IRCTEST/conftest.py"
cat > "$RESULTS/report-gen.py" <<'EOF_REPORT_GEN'
#!/usr/bin/env python3
"""Turn irctest junit XML (one per controller mode) into a Markdown report
mapping every failure / missing-feature skip to an item of Piazza issue 13."""
import collections
import datetime
import re
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------- issue 13 items
ITEMS = {
    "W1": "Wrong today: a PRIVMSG filling a 512-byte line reaches IRC clients as two lines (must be one line, cut to fit)",
    "W2": "Wrong today: client-only tags (`+draft/react`, `+example=…`) on PRIVMSG/NOTICE are dropped (relay them; 417 beyond 4094 bytes; also in echo-message)",
    "W3": "Wrong today: invalid UTF-8 gets a NOTICE (want `FAIL … INVALID_UTF8` or `ERROR`); a non-UTF-8 USER line is dropped and the client hangs",
    "W4": "Wrong today: `USER u * * :` (empty realname) accepted (must be 461)",
    "W5": "Wrong today: 696 for an over-long `+k` key echoes the whole key",
    "W6": "Wrong today: WHO masks (`WHO *`, `WHO *bob*`, `WHO 0`) and `+i` invisibility (WHO by mask, LUSERS invisible count)",
    "W7": "Wrong today: `NAMES #a,#b` / `KICK #c a,b` work but TARGMAX says 1 (say the truth)",
    "W8": "By design (not to be fixed): `#lobby` always exists, so LIST always shows it",
    "M1": "Missing: WHOWAS, INFO, LINKS, HELP/HELPOP, STATS basics",
    "M2": "Missing: MONITOR + extended-monitor",
    "M3": "Missing: WHOX",
    "M4": "Missing: channel modes +s/+e/+I/+C, `m:` mute extban, STATUSMSG, ELIST filters, INVITE list",
    "M5": "Missing: bot mode (+B, BOT, bot tag, 335)",
    "M6": "Missing: draft/message-redaction, draft/multiline, draft/channel-rename",
    "M7": "Missing: `+typing` / `+draft/reply` relay (falls out of W2)",
    "doc": "A choice protocol-irc.md documents (not in issue 13): e.g. `NAMES` without a channel gives only 366",
    "other": "Not an item of issue 13",
    "out": "Outside issue 13 (not asked for: draft/metadata-3, draft/read-marker, websockets, …)",
    "setup": "Test setup / controller / irctest itself, not Piazza",
}

# (item, regexp on "module::Class::test[param]", regexp on the message or None)
FAIL_RULES = [
    ("W8", r"^list::ListTestCase::testList(Empty|One)", None),
    ("W8", r"^chmodes\.secret::.*ListCommand", r"#lobby"),
    ("W1", r"^buffering::", None),
    ("W4", r"::testEmptyRealname", None),
    ("W3", r"::testNonutf8(Realname|Username)", None),
    ("W3", r"^utf8::", None),
    ("M7", r"^message_tags::.*testRecipientCapability", None),
    ("W2", r"^(message_tags|echo_message)::", None),
    ("W5", r"^chmodes\.key::.*testKeyValidation", None),
    ("W7", r"::testDoubleKick|::testNamesMultipleChannels", None),
    ("M1", r"^(whowas|info|help|links)::", None),
    ("W6", r"^who::.*(Invisible|\[mask\]|testWhoStar|Mask)", None),
    ("W6", r"^lusers::.*[Ii]nvisible", None),
    ("other", r"^who::WhoTestCase::testWhoNick(Away)?(And)?Oper", None),
    ("M3", r"^who::.*Whox", None),
    ("M2", r"^monitor::", None),
    ("M5", r"^bot_mode::", None),
    ("M6", r"^(redact|multiline|channel_rename)::", None),
    ("M4", r"^(statusmsg|chmodes\.(secret|ban|invite_exception|no_ctcp|mute_extban))::", None),
    ("M4", r"^names::.*Secret", None),
    ("M4", r"^list::", r"ELIST|behavior"),
    ("M4", r"^invite::", r"INVITE_LIST"),
    ("W7", r"^isupport::.*testValues", r"TARGMAX"),
    ("M3", r"^isupport::.*testValues", r"WHOX"),
    ("M2", r"^isupport::.*testValues", r"MONITOR"),
    ("M5", r"^isupport::.*testValues", r"BOT"),
    ("M4", r"^isupport::.*testValues", r"STATUSMSG|ELIST|EXCEPTS|INVEX"),
    ("out", r"^(metadata|metadata_3|read_marker|websocket)::", None),
    ("doc", r"^names::.*NoArgument", None),
]

SKIP_RULES = [
    ("M3", r"WHOX"),
    ("M2", r"MONITOR|extended-monitor"),
    ("M5", r"token: BOT"),
    ("M4", r"STATUSMSG|EXCEPTION_MODE|NO_CTCP|INVITE_LIST|ELIST|extban"),
    ("M6", r"message-redaction|multiline|channel-rename"),
    ("M1", r"command: (HELP|HELPOP|LINKS|INFO|STATS|WHOWAS)"),
    ("out", r"metadata|read-marker|websocket|METADATA"),
    ("setup", r"Not consistently implemented|Controller does not expect|Not implemented by controller"),
]

# a short explanation for failures whose message alone does not say it
EXPLAIN = [
    (r"^who::.*\[mask\]|^who::.*testWhoStar", "WHO with a mask answers only 315"),
    (r"^who::WhoTestCase::testWhoNick(Away)?(And)?Oper",
     "352 flags lack `*` for a server operator (`H`/`G`, want `H*`/`G*`)"),
    (r"^buffering::", "the relayed line is split in two (the sender's prefix made it longer than 512)"),
    (r"^(kick|names)::.*Multiple|::testDoubleKick", "TARGMAX advertises KICK:1 / NAMES:1, so irctest refuses to try"),
    (r"^list::ListTestCase::testList(Empty|One)|ListCommand", "#lobby is listed"),
    (r"::testNonutf8(Realname|Username)$",
     "the non-UTF-8 USER gets only a NOTICE and registration never completes (want ERROR/FAIL, or accept it)"),
    (r"^utf8::Utf8TestCase::testUtf8Validation", "invalid UTF-8 PRIVMSG answered with a NOTICE, want FAIL/WARN/ERROR"),
    (r"::testSecretChannelListCommand", "+s is not supported: the secret channel is listed to outsiders"),
    (r"^names::.*Secret", "+s is not supported: 353 says `=` not `@`"),
    (r"^(monitor|multiline|redact)::", "capability not offered (CAP NAK)"),
    (r"^names::NamesTestCase::testNames1459$", "RFC 1459's 353 has no channel-type parameter (deprecated test)"),
    (r"^invite::.*NonExistingChannel", "INVITE to a channel that does not exist is refused with 403 (RFC 1459/2812 allow it)"),
]


def explain(testid, msg):
    for tre, text in EXPLAIN:
        if re.search(tre, testid) and (text != "#lobby is listed" or "#lobby" in msg or "322" in msg):
            return text + ": "
    return ""


def classify(testid, msg, rules):
    for rule in rules:
        if len(rule) == 3:
            item, tre, mre = rule
            if re.search(tre, testid) and (mre is None or re.search(mre, msg or "")):
                return item
        else:
            item, mre = rule
            if re.search(mre, msg or ""):
                return item
    return "other"


def load(path):
    rows = []
    for tc in ET.parse(path).iter("testcase"):
        cls = tc.get("classname") or ""
        module, _, klass = cls.rpartition(".")
        module = module.replace("irctest.server_tests.", "")
        testid = f"{module}::{klass}::{tc.get('name')}"
        status, msg = "pass", ""
        for tag, st in (("failure", "fail"), ("error", "error"), ("skipped", "skip")):
            el = tc.find(tag)
            if el is not None:
                status, msg = st, (el.get("message") or el.text or "")
                break
        msg = " ".join(msg.split())
        rows.append(dict(module=module, testid=testid, status=status, msg=msg))
    return rows


def short(msg, n=260):
    msg = re.sub(r"a{40,}", lambda m: f"a×{len(m.group())}", msg)
    msg = re.sub(r"(long){10,}", lambda m: f"long×{len(m.group())//4}", msg)
    msg = msg.replace("|", "\\|")
    return msg if len(msg) <= n else msg[: n - 1] + "…"


def counts(rows):
    c = collections.Counter(r["status"] for r in rows)
    return c["pass"], c["fail"] + c["error"], c["skip"]


def main():
    # args: out.md meta.md notes.md mode=xml [mode=xml ...]
    out, meta, notesf = sys.argv[1], sys.argv[2], sys.argv[3]
    notes = open(notesf).read().strip() if notesf != "-" else ""
    runs = collections.OrderedDict()
    for arg in sys.argv[4:]:
        mode, path = arg.split("=", 1)
        runs[mode] = load(path)
    metatext = open(meta).read().strip() if meta != "-" else ""
    L = []
    w = L.append
    w("# irctest against Piazza")
    w("")
    w(metatext)
    w("")
    w("Modes: **honest** = the controller claims only what docs/protocol-irc.md says Piazza does, so a test of a "
      "missing optional feature is *skipped* (irctest's own rule: it skips what a server does not advertise). "
      "**target** = the controller also claims what issue 13 asks for (caps extended-monitor, draft/multiline, "
      "draft/message-redaction; +e/+I/+C, INVITE list, ELIST C/M/N/T/U; the `m` mute extban; ISUPPORT WHOX, MONITOR, "
      "BOT, STATUSMSG, ELIST, EXCEPTS, INVEX and a TARGMAX without NAMES:1/KICK:1), so those tests *fail* instead. "
      "Tests gated on an ISUPPORT token (WHOX, MONITOR, BOT, STATUSMSG, EXTBAN for the mute extban) still skip in target mode "
      "until the token is advertised (irctest checks the server's 005, not the controller), and HELP/HELPOP/LINKS tests skip "
      "on a 421 whatever the mode: count those skips as missing features too. "
      "**strict** = the `strict` and `deprecated` tests (left out of the main selection, as irctest's Makefile does "
      "for InspIRCd and ngIRCd), with the honest controller: RFC details the best servers differ on.")
    w("")
    w("## Counts")
    w("")
    w("| mode | passed | failed | skipped | total |")
    w("|---|---|---|---|---|")
    for mode, rows in runs.items():
        p, f, s = counts(rows)
        w(f"| {mode} | {p} | {f} | {s} | {len(rows)} |")
    w("")
    modes = list(runs)
    w("### By issue-13 item (failing tests per mode; skipped for a missing feature in the first mode)")
    w("")
    w("| item | " + " | ".join(f"fail ({m})" for m in modes) + f" | skip ({modes[0]}) |")
    w("|---|" + "---|" * (len(modes) + 1))
    per = collections.defaultdict(collections.Counter)
    for mode, rows in runs.items():
        for r in rows:
            if r["status"] in ("fail", "error"):
                per[classify(r["testid"], r["msg"], FAIL_RULES)][mode] += 1
            elif r["status"] == "skip" and mode == modes[0]:
                per[classify("", r["msg"], SKIP_RULES)]["skip"] += 1
    for item in ITEMS:
        if per[item]:
            w(f"| {item}: {ITEMS[item]} | " + " | ".join(str(per[item][m]) for m in modes) + f" | {per[item]['skip']} |")
    w("")
    w("### Per module (" + ", ".join(modes) + "; pass/fail/skip)")
    w("")
    w("| module | " + " | ".join(modes) + " |")
    w("|---|" + "---|" * len(modes))
    allmods = sorted({r["module"] for rows in runs.values() for r in rows})
    for m in allmods:
        cells = []
        for mode in modes:
            rs = [r for r in runs[mode] if r["module"] == m]
            p, f, s = counts(rs)
            cells.append(f"{p}/{'**%d**' % f if f else 0}/{s}")
        w(f"| {m} | " + " | ".join(cells) + " |")
    w("")

    for mode, rows in runs.items():
        fails = [r for r in rows if r["status"] in ("fail", "error")]
        w(f"## Failing tests, {mode} mode ({len(fails)}), by issue-13 item")
        w("")
        groups = collections.defaultdict(list)
        for r in fails:
            groups[classify(r["testid"], r["msg"], FAIL_RULES)].append(r)
        for item in sorted(groups, key=lambda k: (-len(groups[k]), k)):
            w(f"### {item} — {ITEMS[item]} ({len(groups[item])})")
            w("")
            w("| test | reason |")
            w("|---|---|")
            for r in groups[item]:
                w(f"| `{r['testid']}` | {explain(r['testid'], r['msg'])}{short(r['msg'])} |")
            w("")
        if mode == "target" and modes[0] == "honest":
            base = {r["testid"]: r["status"] for r in runs[modes[0]]}
            newly = [r for r in fails if base.get(r["testid"]) not in ("fail", "error")]
            w(f"({len(newly)} of these {len(fails)} pass or skip in {modes[0]} mode: they are the tests "
              f"that only fail because this mode claims the feature.)")
            w("")

    for mode, rows in runs.items():
        skips = [r for r in rows if r["status"] == "skip"]
        if mode == "strict" or not skips:
            continue
        w(f"## Skipped tests, {mode} mode ({len(skips)}), by reason")
        w("")
        w("| item | reason | tests | modules |")
        w("|---|---|---|---|")
        byreason = collections.defaultdict(list)
        for r in skips:
            byreason[r["msg"]].append(r)
        for reason, rs in sorted(byreason.items(), key=lambda kv: (classify("", kv[0], SKIP_RULES), -len(kv[1]))):
            mods = sorted({r["module"] for r in rs})
            w(f"| {classify('', reason, SKIP_RULES)} | {short(reason, 140)} | {len(rs)} | {', '.join(mods)} |")
        w("")
    if len(sys.argv) > 3 and notes:
        w(notes)
    open(out, "w").write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
EOF_REPORT_GEN

# ---------------------------------------------------------------- build Piazza
REPO_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "?")
REPO_DIRTY=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -c . || true)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "copying $REPO to $SRC and building into $BIN"
    mkdir -p "$SRC"
    # keep obj/ folders of the previous copy (incremental build), replace everything else
    find "$SRC" -mindepth 1 \( -name obj -prune \) -o \( -type f -print0 \) | xargs -0 -r rm -f
    tar -C "$REPO" --exclude=./.git --exclude='bin' --exclude='obj' --exclude='TestResults' \
        --exclude='./data' -cf - . | tar -C "$SRC" -xf -
    if ! dotnet build "$SRC/src/Piazza.Server" -c Release -o "$BIN" -nologo > "$RESULTS/build.log" 2>&1; then
        tail -30 "$RESULTS/build.log" >&2
        echo "irctest-run: build failed, see $RESULTS/build.log" >&2
        exit 1
    fi
fi
[ -f "$BIN/piazza-server.dll" ] || { echo "irctest-run: no $BIN/piazza-server.dll" >&2; exit 1; }

# ---------------------------------------------------------------- run the suite
XMLS=()
declare -A SECS
for mode in $MODES; do
    log "running irctest, $mode mode (log: $RESULTS/$mode.log)"
    hide=0
    cmode=$mode markers=$MARKERS
    if [ "$mode" = strict ]; then cmode=honest markers=$STRICT_MARKERS; fi
    if [ "$mode" = target ] && [ "${IRCTEST_HIDE_LOBBY_IN_TARGET:-1}" = 1 ]; then hide=1; fi
    start=$(date +%s)
    set +e
    ( cd "$IRCTEST" && PIAZZA_BIN="$BIN" PIAZZA_IRCTEST_MODE="$cmode" PIAZZA_IRCTEST_HIDE_LOBBY=$hide \
        timeout -k 30 "$RUN_TIMEOUT" $PY -m pytest -p no:cacheprovider \
        --controller irctest.controllers.piazza irctest/server_tests/ \
        -m "$markers" ${KEXPR:+-k "$KEXPR"} --timeout 120 -v -rfE \
        --junitxml="$RESULTS/$mode.xml" "$@" ) > "$RESULTS/$mode.log" 2>&1
    rc=$?
    set -e
    SECS[$mode]=$(( $(date +%s) - start ))
    tail -1 "$RESULTS/$mode.log" >&2
    if [ ! -s "$RESULTS/$mode.xml" ]; then
        echo "irctest-run: $mode mode produced no results (exit $rc), see $RESULTS/$mode.log" >&2
        exit 1
    fi
    XMLS+=("$mode=$RESULTS/$mode.xml")
done

# ---------------------------------------------------------------- report
{
    echo "Generated $(date -u '+%Y-%m-%d %H:%M UTC') by \`tools/irctest/run.sh $REPO\`."
    echo ""
    echo "- Piazza: \`$REPO\` at \`$REPO_REV\`$( [ "$REPO_DIRTY" != 0 ] && echo " plus $REPO_DIRTY uncommitted change(s)" ), built Release into \`$BIN\`"
    echo "- irctest: \`$IRCTEST\` at \`$(cat "$IRCTEST/.irctest-commit" 2>/dev/null || echo '?')\`; Python $($PY -c 'import sys;print(sys.version.split()[0])'), pytest $($PY -c 'import pytest;print(pytest.__version__)') (Debian)"
    echo "- selection: \`-m '$MARKERS'\`${KEXPR:+ \`-k '$KEXPR'\`} (as the Makefile does for InspIRCd/ngIRCd; \`services\` = SASL/accounts/chathistory, which need accounts); strict mode: \`-m '$STRICT_MARKERS'\` with the honest controller"
    for mode in $MODES; do echo "- $mode mode: ${SECS[$mode]} s, log \`$RESULTS/$mode.log\`, JUnit \`$RESULTS/$mode.xml\`"; done
} > "$RESULTS/meta.md"
cat > "$RESULTS/notes.md" <<'EOF_NOTES'
## Setup notes (how Piazza is run, and what is the harness's doing rather than Piazza's)

- **Controller** `irctest/controllers/piazza.py` (embedded in `tools/irctest/run.sh`) starts, per test,
  `dotnet piazza-server.dll --Listen:Chat=127.0.0.1:<p1> --Listen:Irc=127.0.0.1:<p2> --Listen:Http=off
  --History:Store=memory --Flood:Enabled=false --Limits:Exempt:0=127.0.0.0/8 --Data:Path=<temp>
  --Irc:ServerName=My.Little.Server --Irc:Network=PiazzaTest --Irc:ServerDescription='test server' --Operators:0:Name=operuser
  --Operators:0:PasswordHash=<hash of "operpassword", made once with `hash-password`>
  --History:ReplayOnJoin=0` (+ `--Irc:Password=…` for the server-password tests, and under
  `faketime` for list.py's Faketime tests). irctest's port picker binds 0.0.0.0; the controller
  picks loopback ports instead, so nothing listens beyond 127.0.0.1.
- `History:ReplayOnJoin=0`: irctest compares the exact lines after a JOIN; Piazza's replay of the
  last messages on join would add old PRIVMSGs there for a client that joins after others spoke
  (each test starts a fresh server with an empty memory store, so nothing else carries over).
- TLS and WebSocket are "not implemented by the controller", so those tests skip. Accounts are
  the server's own (SASL PLAIN, REGISTER): `registerUser` makes one with `/register` on the chat
  port, and `--Accounts:PasswordIterations=1000 --Accounts:MinPasswordLength=1` keep irctest's
  short passwords cheap. The `services` tests are deselected by the default `-m` filter; run them
  with `IRCTEST_MARKERS='services and …'`. irctest's **chathistory** tests are all `services`;
  `testChathistoryDMs` fails by design at its step with an unregistered correspondent (Piazza
  stores a private message only between two accounts: docs/protocol-irc.md); websocket.py skips before reaching the controller because
  Debian 12's python3-websockets (10.4) lacks `websockets.sync`.
- irctest's `conftest.py` uses `@pytest.hookimpl(wrapper=True)` (pytest ≥ 8.1); Debian 12 has
  pytest 7.2 and PyPI is not reachable, so the script patches it to an equivalent old-style
  hook wrapper (`_check_optional_behavior`). No test file is modified.
- Fixed in the controller: irctest skips `bot_mode` tests in `setUp` after the server started,
  and pytest then skips `tearDown`, which left one Piazza process per such test running. The
  controller now kills any server of an earlier test when it starts the next one, and all of
  them at exit (also on `timeout`'s SIGTERM).
- `#lobby` always exists (issue 13: by design). In honest mode the LIST tests fail on it, and
  `chmodes.secret` stops at that first assertion, so its +s checks are never reached. Target
  mode drops `322 … #lobby` lines from what the tests see (`PIAZZA_IRCTEST_HIDE_LOBBY=1`), so
  those tests measure the rest (ELIST, +s).
- `isupport::testValues` stops at the first expected token that is missing (honest mode expects
  CASEMAPPING=ascii, CHANTYPES=#, PREFIX=(ov)@+, UTF8ONLY, NETWORK, MSGREFTYPES; target mode also
  TARGMAX without NAMES:1/KICK:1, WHOX, MONITOR, BOT, STATUSMSG, ELIST with CMNTU, EXCEPTS, INVEX).
- The 4 `who` skips "Not consistently implemented" are irctest's own (it skips them for every server).
- `strict` and `deprecated` tests are left out of the honest/target selection (as irctest's Makefile
  does for InspIRCd and ngIRCd) and run apart in strict mode; they are informative, not a goal.
- Rerun one area after a change: `IRCTEST_K='who or whowas' tools/irctest/run.sh` (the report then
  covers only those tests; `SKIP_BUILD=1` reuses the last build; `IRCTEST_MODES=honest` for one mode).
EOF_NOTES
$PY "$RESULTS/report-gen.py" "$OUT" "$RESULTS/meta.md" "$RESULTS/notes.md" "${XMLS[@]}"
log "report: $OUT"
