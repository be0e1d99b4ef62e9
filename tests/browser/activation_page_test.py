#!/usr/bin/python3
"""The activation page in a real browser (headless Chromium through chromedriver).

The way a technical contact meets it: the treasury registers an application
(gatewayctl), the contact follows the link in the mail, compares the CA's
fingerprint, makes mistakes and reads what the page says, then downloads a
PKCS#12 with the keyboard only; the accounting system uses that certificate
to upload a payment file. A second code is activated with a CSR made by
openssl. Screenshots of every step go to the artifacts directory.

Usage: activation_page_test.py GATEWAYD GATEWAYCTL SOURCE_DIR ARTIFACTS_DIR
"""

import datetime
import http.client
import json
import os
import re
import shutil
import ssl
import sys
import tempfile
import zoneinfo

from browser_support import Gateway, check, failures, free_port, run, wait_for_file
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

GATEWAYD, GATEWAYCTL, SOURCE, ARTIFACTS = sys.argv[1:5]


def make_gateway(work):
    api_port, act_port = free_port(), free_port()
    gw = Gateway(GATEWAYD, GATEWAYCTL, work, f"""[api]
listen = "127.0.0.1:{api_port}"
[ops]
listen = "127.0.0.1:0"
[activation]
listen = "127.0.0.1:{act_port}"
public_url = "https://127.0.0.1:{act_port}"
""")
    gw.api_port, gw.act_port = api_port, act_port
    gw.start()
    return gw


def mail_facts(mail):
    code = re.search(r"^    (\S{4}-\S{4}-\S{4}-\S{4})$", mail, re.M).group(1)
    link = re.search(r"^(https://\S+/activate\?user=\d+&lang=en)$", mail, re.M).group(1)
    fingerprint = re.search(r"^((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$", mail, re.M).group(1)
    return code, link, fingerprint


def replacement(work, user, email):
    """An application replacing the demo user's, as the treasury registers it."""
    path = os.path.join(work, f"replacement-{email}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"institution": {"registration_number": "90000000001",
                                   "name": "Parauga pašvaldība"},
                   "user_number": user,
                   "technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
                                         "personal_code": "010101-10006",
                                         "phone": "+371 20000000", "email": email},
                   "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa",
                   "accounts": [{"iban": "LV06TREL1060000300001", "mode": "manage",
                                 "single_limit_eur": 10000, "daily_limit_eur": 50000}]},
                  f, ensure_ascii=False)
    return path


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1100,1400", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("acceptInsecureCerts", True)  # the development CA is not the browser's
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                              options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": downloads})
    return driver


def shot(driver, name):
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def status_text(driver, wait):
    wait.until(lambda d: d.find_element(By.ID, "status").text.strip() != "" or
               d.find_element(By.ID, "result").is_displayed())
    return driver.find_element(By.ID, "status").text


def https_request(port, method, path, body=None, headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gw-browser-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    gw = make_gateway(work)
    driver = None
    try:
        code, link, fingerprint = mail_facts(gw.newest_mail())
        check(link.startswith(f"https://127.0.0.1:{gw.act_port}/activate?user={gw.user}"),
              "the mail links to the activation page with the user number")
        openssl_fp = run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", gw.ca)
        check(openssl_fp.strip().split("=")[1] == fingerprint,
              "the mail's CA fingerprint is the one openssl prints for ca.pem")

        # What the page is served with (read outside the browser).
        status, headers, html = https_request(gw.act_port, "GET", "/activate")
        csp = headers.get("Content-Security-Policy", "")
        check(status == 200 and "script-src 'self'" in csp and "unsafe-inline" not in csp
              and "frame-ancestors 'none'" in csp, "the page has a strict CSP")
        check(re.search(rb"<script(?![^>]*\bsrc=)[^>]*>", html) is None
              and re.search(rb"<[^>]+\son[a-z]+=", html) is None,
              "no inline script and no event-handler attributes")
        check(https_request(gw.act_port, "GET", "/assets/activate.html")[0] == 404,
              "templates are not served raw")
        status, _, body = https_request(
            gw.act_port, "POST", "/v1/activation/pkcs12",
            json.dumps({"code": code, "password": "x" * 16}),
            {"Origin": "https://evil.example", "Content-Type": "application/json"})
        check(status == 403 and json.loads(body)["error"] == "cross_origin",
              "a POST from another site's page is refused (and uses no code)")

        driver = browser(downloads)
        wait = WebDriverWait(driver, 20)
        driver.get(link)
        check(driver.title.startswith("Activate your certificate"), "the English page opens")
        check(f"User number: {gw.user}." in driver.page_source, "the page shows the user number")
        check(driver.find_element(By.ID, "ca-fingerprint").text == fingerprint,
              "the page shows the same CA fingerprint as the mail")
        api_url = driver.find_element(By.ID, "api-url").get_attribute("textContent")
        check(api_url == f"https://127.0.0.1:{gw.api_port}",
              f"the page shows the API address to configure ({api_url})")
        unlabelled = [e.get_attribute("id") for e in
                      driver.find_elements(By.CSS_SELECTOR, "input, textarea")
                      if not driver.find_elements(By.CSS_SELECTOR,
                                                  f'label[for="{e.get_attribute("id")}"]')]
        check(unlabelled == [], f"every field has a label (unlabelled: {unlabelled})")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        check(errors == [], f"no console errors, CSP violations included ({errors})")
        shot(driver, "01-activation-page-en")

        # Mistakes, in plain words.
        driver.find_element(By.ID, "code").send_keys("AAAA-BBBB-CCCC-DDDD")
        driver.find_element(By.ID, "password").send_keys("correct horse battery")
        driver.find_element(By.ID, "password2").send_keys("correct horse battery!")
        driver.find_element(By.ID, "submit").click()
        check("The two passwords differ" in status_text(driver, wait),
              "different passwords are caught on the page")
        check(driver.switch_to.active_element.get_attribute("id") == "password2"
              and driver.find_element(By.ID, "password2").get_attribute("aria-invalid") == "true",
              "the field in error is marked invalid and focused")
        driver.find_element(By.ID, "password2").send_keys(Keys.BACKSPACE + Keys.ENTER)
        wait.until(lambda d: "not known" in d.find_element(By.ID, "status").text)
        check("class=\"error\"" in driver.find_element(By.ID, "status").get_attribute("outerHTML"),
              "an unknown code is reported as an error in words")
        shot(driver, "02-unknown-code")

        # The real code, with the keyboard only: Enter in the last field submits.
        code_field = driver.find_element(By.ID, "code")
        code_field.clear()
        code_field.send_keys(code)
        for field in ("password", "password2"):
            driver.find_element(By.ID, field).clear()
            driver.find_element(By.ID, field).send_keys("correct horse battery")
        driver.find_element(By.ID, "password2").send_keys(Keys.ENTER)
        wait.until(ec.visibility_of_element_located((By.ID, "result")))
        p12 = os.path.join(downloads, f"user-{gw.user}.p12")
        check(wait_for_file(p12), "the PKCS#12 file is downloaded")
        result = driver.find_element(By.ID, "result-text").text
        check("valid until" in result, f"the page says how long it is valid ({result})")
        check(driver.switch_to.active_element.get_attribute("id") == "result-title",
              "focus moves to the result")
        shot(driver, "03-pkcs12-issued")

        # The accounting system uses it.
        pem = os.path.join(work, "client.pem")
        run("openssl", "pkcs12", "-in", p12, "-passin", "pass:correct horse battery",
            "-nodes", "-out", pem)
        whoami = json.loads(run("curl", "-sS", "--cacert", gw.ca, "--cert", pem,
                                f"https://127.0.0.1:{gw.api_port}/v1/whoami"))
        check(whoami["user"]["number"] == gw.user, "the downloaded certificate logs in")
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Riga")).strftime("%Y-%m-%d")
        with open(os.path.join(SOURCE, "samples", "pain.001",
                               "accepted-pain001v03-two-blocks.xml"), encoding="utf-8") as f:
            xml = f.read().replace("2026-12-01", today).replace("SAMPLE-03", "BROWSER-1")
        upload = run("curl", "-sS", "-w", "\n%{http_code}", "--cacert", gw.ca, "--cert", pem,
                     "--data-binary", "@-", f"https://127.0.0.1:{gw.api_port}/v1/messages",
                     input=xml)
        check(upload.endswith("\n201") and "<GrpSts>ACTC</GrpSts>" in upload,
              "the accounting system uploads a payment file with it (201, ACTC)")
        status, _, body = https_request(gw.act_port, "POST", "/v1/activation/pkcs12",
                                        json.dumps({"code": code, "password": "y" * 16}))
        check(status == 403 and json.loads(body)["error"] == "activation_code_used",
              "the code works once")

        # A replacement with the same contact keeps the certificate: no new mail;
        # one naming another contact mails that contact a code.
        outbox = os.path.join(work, "var", "outbox")
        mails_before = len(os.listdir(outbox))
        gw.ctl("application", "register", replacement(work, gw.user, "it@parauga.example.lv"))
        check(len(os.listdir(outbox)) == mails_before,
              "a replacement naming the same contact sends no new activation code")
        gw.ctl("application", "register", replacement(work, gw.user, "it2@parauga.example.lv"))
        check(len(os.listdir(outbox)) == mails_before + 1
              and "To: it2@parauga.example.lv" in gw.newest_mail(),
              "a replacement naming a new contact mails them a code")

        # A second code, asked for explicitly, activated with a CSR from openssl (Latvian page).
        gw.ctl("application", "activation-code", "--user", str(gw.user))
        code2, link2, _ = mail_facts(gw.newest_mail())
        key, csr = os.path.join(work, "own.key"), os.path.join(work, "own.csr")
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=eKase user")
        driver.get(link2.replace("lang=en", "lang=lv"))
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"
              and driver.title.startswith("Sertifikāta aktivizēšana"), "the Latvian page opens")
        driver.find_element(By.ID, "method-csr").click()
        check(driver.find_element(By.ID, "csr").is_displayed()
              and not driver.find_element(By.ID, "password").is_displayed(),
              "choosing a CSR shows its field instead of the passwords")
        driver.find_element(By.ID, "code").send_keys(code2)
        driver.find_element(By.ID, "csr").send_keys("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                                                    "-----END CERTIFICATE REQUEST-----")
        driver.find_element(By.ID, "submit").click()
        wait.until(lambda d: "nevar izmantot" in d.find_element(By.ID, "status").text)
        check(True, "a damaged CSR is reported in Latvian words")
        shot(driver, "04-bad-csr-lv")
        driver.find_element(By.ID, "csr").clear()
        with open(csr) as f:
            driver.find_element(By.ID, "csr").send_keys(f.read())
        driver.find_element(By.ID, "submit").click()
        wait.until(ec.visibility_of_element_located((By.ID, "result")))
        shown = driver.find_element(By.ID, "certificate").text
        cert = os.path.join(work, "own.pem")
        with open(cert, "w") as f:
            f.write(shown + "\n")
        check(run("openssl", "x509", "-noout", "-pubkey", "-in", cert) ==
              run("openssl", "pkey", "-pubout", "-in", key),
              "the certificate shown is for the key made with openssl")
        shot(driver, "05-csr-issued-lv")
        whoami = json.loads(run("curl", "-sS", "--cacert", gw.ca, "--cert", cert, "--key", key,
                                f"https://127.0.0.1:{gw.api_port}/v1/whoami"))
        check(whoami["user"]["number"] == gw.user, "the CSR's certificate logs in")
        # The refusals the test provoked (403, 400) are logged as network errors;
        # script errors and CSP violations are not network ones.
        errors = [e for e in driver.get_log("browser")
                  if e["level"] == "SEVERE" and e["source"] != "network"]
        check(errors == [], f"no script errors or CSP violations through both activations ({errors})")
        # The CSP is enforced, and the check above would see a violation: an
        # inline script added to the page is refused, and logged.
        driver.execute_script("const s = document.createElement('script');"
                              "s.textContent = 'document.title = \"injected\"';"
                              "document.body.appendChild(s);")
        violations = [e for e in driver.get_log("browser")
                      if e["source"] != "network" and "Content Security Policy" in e["message"]]
        check(driver.title != "injected" and violations != [],
              "an inline script is refused by the CSP and shows in the console")
    finally:
        if driver is not None:
            driver.quit()
        gw.stop()
        if failures:
            shutil.copy(os.path.join(work, "gatewayd.log"), ARTIFACTS)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
