#!/usr/bin/python3
"""From the treasury's operator console to a payment executed, in real browsers.

The whole path the issue describes, each person in their own browser (their
own HOME and NSS database; Chromium presents the certificate through the
managed AutoSelectCertificateForUrls policy, as portal_test.py explains):

1. An operator, with the certificate `gatewayctl operator issue` made, signs in
   to the console and enters the institution's application form (a new user of
   the demo institution: its investments account managed, one signature by
   Ilze Bērziņa); it waits for a second operator, who approves it in her own
   browser and finds both in the audit log.
2. The technical contact named in the form gets the mail, opens its link, and
   downloads a PKCS#12 from the activation page.
3. The accounting system uploads a payment file with that certificate: it
   waits for a signature (202 PDNG).
4. Ilze signs in to the portal and approves it; the ledger books it; the
   portal's search shows the payments executed, and after the end of day the
   statement shows them.

Screenshots of the console's pages go to the artifacts directory.

Usage: console_test.py GATEWAYD GATEWAYCTL SOURCE_DIR ARTIFACTS_DIR
Needs root (the Chromium policy under /etc/chromium/policies/managed).
"""

import datetime
import os
import re
import shutil
import sys
import tempfile
import zoneinfo

from browser_support import (Gateway, certificate_policy, check, failures, free_port,
                             may_write_policy, nss_home, run, wait_for_file)
from portal_test import browser, console_errors, iban, person_home, shot
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

GATEWAYD, GATEWAYCTL, SOURCE, ARTIFACTS = sys.argv[1:5]


def make_gateway(work):
    api_port, act_port, console_port = free_port(), free_port(), free_port()
    gw = Gateway(GATEWAYD, GATEWAYCTL, work, f"""[api]
listen = "127.0.0.1:{api_port}"
[ops]
listen = "127.0.0.1:0"
[activation]
listen = "127.0.0.1:{act_port}"
[console]
listen = "127.0.0.1:{console_port}"
[ledger]
run_interval_ms = 0
""", seed_args=("--signers-dir", os.path.join(work, "signers")))
    gw.api_port, gw.act_port, gw.console_port = api_port, act_port, console_port
    gw.signers = os.path.join(work, "signers")
    gw.url = lambda path: f"https://127.0.0.1:{api_port}{path}"
    gw.console = lambda path: f"https://127.0.0.1:{console_port}{path}"
    gw.start()
    return gw


def operator_home(work, gw, name="Līga Kalēja", file="operator"):
    key, csr, pem = (os.path.join(work, file + ext) for ext in (".key", ".csr", ".pem"))
    run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=operator")
    gw.ctl("operator", "issue", "--name", name, "--csr", csr, "--out", pem)
    return nss_home(work, file, pem, key, gw.ca)


def console_sign_in(driver, wait, gw, name):
    driver.get(gw.console("/console?lang=en"))
    wait.until(lambda d: d.find_elements(By.ID, "sign-in"))
    check("operator console" in driver.page_source, "the console's sign-in page")
    driver.find_element(By.ID, "sign-in").send_keys(Keys.ENTER)
    wait.until(lambda d: f"Signed in: {name}" in d.page_source)


def fill(driver, values):
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif field.get_attribute("type") == "checkbox":
            if field.is_selected() != bool(value):
                field.click()
        else:
            field.clear()
            field.send_keys(value)


def next_business_day():
    day = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Riga")).date() + datetime.timedelta(1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day.isoformat()


def main():
    if not may_write_policy():
        print("FAIL this test writes a Chromium policy under /etc: run it as root")
        return 1
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gw-console-")
    gw = make_gateway(work)
    policy = certificate_policy("console-test", [gw.console_port, gw.api_port])
    home = os.environ.get("HOME", "/root")
    driver = None
    investments = iban("LV", "TREL1060000300003")
    try:
        # 1. The operator registers the application in the console.
        second_home = operator_home(work, gw, "Māra Liepiņa", "operator2")
        driver = browser(operator_home(work, gw), "en-GB")
        wait = WebDriverWait(driver, 20)
        console_sign_in(driver, wait, gw, "Līga Kalēja")
        check("Payment blocks waiting" in driver.page_source,
              "the overview shows the ledger queue")
        shot(driver, "console-overview-en")
        driver.find_element(By.LINK_TEXT, "New application").click()
        wait.until(lambda d: d.find_elements(By.ID, "register"))
        unlabelled = [e.get_attribute("name") for e in
                      driver.find_elements(By.CSS_SELECTOR, "main input:not([type=hidden]), "
                                                            "main select, main textarea")
                      if not e.get_attribute("aria-label") and not driver.find_elements(
                          By.CSS_SELECTOR, f'label[for="{e.get_attribute("id")}"]')]
        check(unlabelled == [], f"every field of the form has a label ({unlabelled})")
        fill(driver, {
            "registration_number": "90000000001", "institution_name": "Parauga pašvaldība",
            "contact_first_name": "Jānis", "contact_last_name": "Bērziņš",
            "contact_personal_code": "010101-10006", "contact_phone": "+371 20000009",
            "contact_email": "gramatvediba@parauga.example.lv",
            "signer": "Pēteris Ozols, izpilddirektors", "preparer": "Anna Kalniņa",
            "preparer_phone": "+371 20000002", "preparer_email": "anna@parauga.example.lv",
            "allowed_sources": "127.0.0.0/8", "language": "en",
            "account_iban_1": investments, "account_mode_1": "manage",
            "account_single_1": "10000", "account_daily_1": "50000", "account_signatures_1": "1",
            "signer_name_1": "Ilze Bērziņa", "signer_code_1": "320000-00033",
            "signer_rights_1": f"{investments}:1"})
        shot(driver, "console-application-form-en")
        driver.find_element(By.ID, "register").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
        notice = driver.find_element(By.CSS_SELECTOR, "p.notice").text
        check("proposed" in notice and "another operator" in notice,
              f"the application waits for a second operator ({notice})")
        proposal = int(re.search(r"/console/proposals/(\d+)", driver.current_url).group(1))
        check(not driver.find_elements(By.ID, "approve"), "its proposer cannot approve it")
        shot(driver, "console-proposal-own-en")
        driver.quit()
        driver = None

        # The second operator, in her own browser, compares and approves it.
        driver = browser(second_home, "en-GB")
        wait = WebDriverWait(driver, 20)
        console_sign_in(driver, wait, gw, "Māra Liepiņa")
        driver.find_element(By.LINK_TEXT, "To approve").click()
        wait.until(lambda d: d.find_elements(By.LINK_TEXT, str(proposal)))
        driver.find_element(By.LINK_TEXT, str(proposal)).click()
        wait.until(lambda d: d.find_elements(By.ID, "approve"))
        check("gramatvediba@parauga.example.lv" in driver.page_source,
              "the proposal shows the contact the code will go to")
        shot(driver, "console-proposal-en")
        driver.find_element(By.ID, "approve").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
        notice = driver.find_element(By.CSS_SELECTOR, "p.notice").text
        check("registered" in notice and "activation code" in notice,
              f"the application is registered and the code mailed ({notice})")
        user = int(re.search(r"/console/applications/(\d+)", driver.current_url).group(1))
        check(user != gw.user, f"a new user: {user}")
        shot(driver, "console-application-en")
        driver.get(gw.console("/console/audit?action=application.&lang=lv"))
        rows = driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
        check(any("application.register" in r.text and "console:Māra Liepiņa" in r.text
                  and str(user) in r.text for r in rows),
              "the audit log names the operator who approved it (Latvian page)")
        check(any("application.propose" in r.text and "console:Līga Kalēja" in r.text
                  for r in rows),
              "and the operator who proposed it")
        shot(driver, "console-audit-lv")
        check(console_errors(driver) == [], "no script or policy errors in the console")
        driver.quit()
        driver = None

        # 2. The technical contact activates a certificate on the activation page.
        mail = gw.newest_mail()
        check("To: gramatvediba@parauga.example.lv" in mail, "the mail goes to the form's contact")
        code = re.search(r"^    (\S{4}-\S{4}-\S{4}-\S{4})$", mail, re.M).group(1)
        link = re.search(r"^(https://\S+/activate\?user=\d+&lang=en)$", mail, re.M).group(1)
        check(f"user={user}" in link, "the mail links to the page with the new user's number")
        contact_home = os.path.join(work, "home-contact")
        nssdb = os.path.join(contact_home, ".pki", "nssdb")
        os.makedirs(nssdb)
        run("certutil", "-N", "-d", "sql:" + nssdb, "--empty-password")
        run("certutil", "-A", "-d", "sql:" + nssdb, "-n", "treasury-ca", "-t", "C,,", "-i", gw.ca)
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        driver = browser(contact_home, "en-GB")
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": downloads})
        wait = WebDriverWait(driver, 20)
        driver.get(link)
        wait.until(lambda d: d.find_elements(By.ID, "code"))
        driver.find_element(By.ID, "code").send_keys(code)
        for field in ("password", "password2"):
            driver.find_element(By.ID, field).send_keys("correct horse battery")
        driver.find_element(By.ID, "password2").send_keys(Keys.ENTER)
        wait.until(ec.visibility_of_element_located((By.ID, "result")))
        p12 = os.path.join(downloads, f"user-{user}.p12")
        check(wait_for_file(p12), "the contact downloads the PKCS#12")
        driver.quit()
        driver = None

        # 3. The accounting system uploads with it; the file waits for Ilze.
        client = os.path.join(work, "system.pem")
        run("openssl", "pkcs12", "-in", p12, "-passin", "pass:correct horse battery",
            "-nodes", "-out", client)
        day = next_business_day()
        with open(os.path.join(SOURCE, "samples", "pain.001",
                               "accepted-pain001v03-two-blocks.xml"), encoding="utf-8") as f:
            xml = (f.read().replace("2026-12-01", day).replace("SAMPLE-03", "CONSOLE-E2E")
                   .replace("LV06TREL1060000300001", investments)
                   .replace("LV33TREL1060000300000", iban("LV", "TREL1060000300002")))
        out = run("curl", "-sS", "-D", "-", "--cacert", gw.ca, "--cert", client,
                  "-H", "Content-Type: application/xml", "--data-binary", "@-",
                  gw.url("/v1/messages"), input=xml)
        check(out.startswith("HTTP/1.1 202") and "<GrpSts>PDNG</GrpSts>" in out,
              "the new user's upload waits for its signer (202 PDNG)")
        file_id = int(re.search(r"X-Message-Id: (\d+)", out).group(1))

        # 4. Ilze approves it in the portal; the ledger books it.
        driver = browser(person_home(work, gw, "berzina"), "en-GB")
        wait = WebDriverWait(driver, 20)
        driver.get(gw.url("/portal?lang=en"))
        wait.until(lambda d: d.find_elements(By.ID, "sign-in"))
        driver.find_element(By.ID, "sign-in").send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_elements(By.ID, "files"))
        driver.get(gw.url(f"/portal/files/{file_id}"))
        wait.until(lambda d: d.find_elements(By.ID, "approve"))
        driver.find_element(By.ID, "approve").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
        check("sent for execution" in driver.find_element(By.CSS_SELECTOR, "p.notice").text,
              "her approval releases the file")
        gw.ctl("ledger", "clock", "--set", day)
        gw.ctl("ledger", "fund", "--iban", investments, "--amount", "10000.00")
        booked = gw.ctl("ledger", "run-day")
        check("3 booked" in booked, f"the ledger books the three payments: {booked.strip()}")
        driver.get(gw.url("/portal/payments?lang=en&ref=CONSOLE-E2E-ACCEPTED-001&status=ACSC"))
        wait.until(lambda d: d.find_elements(By.ID, "found") or d.find_elements(By.ID, "nothing"))
        found = driver.find_elements(By.CSS_SELECTOR, "#found tbody tr")
        check(len(found) == 3 and all("ACSC" in row.text for row in found),
              "the portal's search shows the three payments executed")
        gw.ctl("ledger", "end-of-day")
        driver.get(gw.url(f"/portal/statements?iban={investments}&day={day}"))
        wait.until(lambda d: d.find_elements(By.ID, "entries"))
        entries = driver.find_elements(By.CSS_SELECTOR, "#entries tbody tr")
        check(len(entries) == 4 and "-1500.00 EUR" in entries[1].text,
              "and the day's statement shows them")
        shot(driver, "console-e2e-statement-en")
        check(console_errors(driver) == [], "no script or policy errors in the portal")
    finally:
        os.environ["HOME"] = home
        if driver is not None:
            driver.quit()
        gw.stop()
        os.remove(policy)
        if failures:
            shutil.copy(os.path.join(work, "gatewayd.log"), ARTIFACTS)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
