"""What the browser tests share: checks that count failures instead of stopping
at the first, and a gatewayd of their own (a temporary data directory, the
development PKI, the demo institution seeded, ports chosen free)."""

import json
import os
import socket
import subprocess
import time

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


class Gateway:
    """gatewayd on <work>/var with `toml` (its listeners and the rest) after data_dir;
    seeded with `seed_args` for gatewayctl seed-demo. start() runs it."""

    def __init__(self, gatewayd, gatewayctl, work, toml, seed_args=()):
        self.gatewayd, self.gatewayctl, self.work = gatewayd, gatewayctl, work
        self.config = os.path.join(work, "gw.toml")
        with open(self.config, "w") as f:
            f.write(f'data_dir = "{work}/var"\n' + toml)
        self.ctl("pki", "init")
        self.user = int(self.ctl("seed-demo", *seed_args).strip())
        self.ca = os.path.join(work, "var", "pki", "ca.pem")
        self.daemon = None

    def start(self):
        self.daemon = subprocess.Popen([self.gatewayd, "--config", self.config],
                                       stderr=open(os.path.join(self.work, "gatewayd.log"), "w"))
        ports = os.path.join(self.work, "var", "gatewayd.ports")
        for _ in range(100):
            if os.path.exists(ports):
                break
            time.sleep(0.1)

    def ctl(self, *args):
        return run(self.gatewayctl, "--config", self.config, "--actor", "browser-test", *args)

    def newest_mail(self):
        outbox = os.path.join(self.work, "var", "outbox")
        names = sorted(n for n in os.listdir(outbox) if n.endswith(".eml"))
        with open(os.path.join(outbox, names[-1]), encoding="utf-8") as f:
            return f.read()

    def stop(self):
        if self.daemon is not None:
            self.daemon.terminate()
            self.daemon.wait(timeout=20)


def nss_home(work, name, pem, key, ca):
    """A HOME whose NSS database holds this key and certificate and trusts the CA:
    the browser of one person presents that certificate."""
    home = os.path.join(work, "home-" + name)
    nssdb = os.path.join(home, ".pki", "nssdb")
    os.makedirs(nssdb)
    p12 = os.path.join(work, name + ".p12")
    run("openssl", "pkcs12", "-export", "-in", pem, "-inkey", key, "-out", p12,
        "-passout", "pass:person-password")
    run("certutil", "-N", "-d", "sql:" + nssdb, "--empty-password")
    run("pk12util", "-i", p12, "-d", "sql:" + nssdb, "-W", "person-password")
    run("certutil", "-A", "-d", "sql:" + nssdb, "-n", "treasury-ca", "-t", "C,,", "-i", ca)
    return home


POLICY_DIR = "/etc/chromium/policies/managed"


def may_write_policy():
    """Whether this process may write Chromium's managed policies (root may)."""
    return os.access(os.path.dirname(POLICY_DIR) if os.path.isdir(POLICY_DIR) else "/etc",
                     os.W_OK)


def certificate_policy(name, ports):
    """A managed Chromium policy that presents the certificate from the
    development CA to https://127.0.0.1:<port> for each of `ports`, as an
    organisation configures it (a headless browser cannot show the choice).
    Returns its path; the caller removes it."""
    policy = os.path.join(POLICY_DIR, f"gateway-{name}-{ports[0]}.json")
    os.makedirs(POLICY_DIR, exist_ok=True)
    with open(policy, "w") as f:
        json.dump({"AutoSelectCertificateForUrls": [
            json.dumps({"pattern": f"https://127.0.0.1:{port}",
                        "filter": {"ISSUER": {"CN": "Treasury H2H Development CA"}}})
            for port in ports]}, f)
    return policy


def wait_for_file(path, seconds=10):
    """Waits until the browser has written `path` (a download); True when it has."""
    for _ in range(int(seconds * 10)):
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        time.sleep(0.1)
    return False

