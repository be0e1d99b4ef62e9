#!/usr/bin/python3
"""The signing portal in a real browser, with a client certificate.

Two payment signers, each on their own machine (their own HOME, with the
personal certificate from `gatewayctl seed-demo --signers-dir` imported as a
PKCS#12 into that HOME's NSS database, as a person imports the file the
treasury gives them). Chromium presents the certificate in the TLS handshake
when the gateway asks for one: a managed policy (AutoSelectCertificateForUrls)
picks the treasury CA's certificate for the gateway's address, the way an
organisation configures it, since a headless browser cannot show the choice.

The accounting system uploads a file from the account that needs two
signatures (202 PDNG); the level-1 signer signs in with the keyboard, reads
the file and approves it; the level-2 signer approves it in Latvian and the
file is released; the ledger books it and the portal shows its payments
executed (ACSC); after the end of day the signer reads the day's statement
and downloads its camt.053. Screenshots of every page go to the artifacts
directory.

Usage: portal_test.py GATEWAYD GATEWAYCTL SOURCE_DIR ARTIFACTS_DIR
Needs root (it writes the policy under /etc/chromium/policies/managed and
removes it at the end), as the test command runs.
"""

import datetime
import os
import re
import shutil
import sys
import tempfile
import zoneinfo

from browser_support import (Gateway, certificate_policy, check, failures, free_port,
                             may_write_policy, nss_home, run)
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

GATEWAYD, GATEWAYCTL, SOURCE, ARTIFACTS = sys.argv[1:5]


def left(element):
    """A wait condition: the page `element` was on has been replaced. While it
    is being replaced Chromium may answer "does not belong to the document"
    instead of a stale reference, which staleness_of lets through as an error."""
    def replaced(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # stale, or no longer in the document
            return True
    return replaced


def iban(country, bban):
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def make_gateway(work):
    api_port = free_port()
    gw = Gateway(GATEWAYD, GATEWAYCTL, work, f"""[api]
listen = "127.0.0.1:{api_port}"
[ops]
listen = "127.0.0.1:0"
[activation]
listen = "127.0.0.1:0"
[ledger]
run_interval_ms = 0
""", seed_args=("--signers-dir", os.path.join(work, "signers")))
    gw.api_port = api_port
    gw.signers = os.path.join(work, "signers")
    gw.client = os.path.join(work, "client")
    gw.ctl("cert", "issue", "--user", str(gw.user), "--out", gw.client)
    gw.url = lambda path: f"https://127.0.0.1:{api_port}{path}"
    gw.start()
    return gw


def person_home(work, gw, name):
    """A HOME whose NSS database holds the signer's key and certificate and trusts the CA."""
    return nss_home(work, name, os.path.join(gw.signers, name + ".pem"),
                    os.path.join(gw.signers, name + ".key"), gw.ca)


def browser(home, language):
    os.environ["HOME"] = home  # Chromium finds the person's NSS database there
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # No background traffic: this machine's network is closed.
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--window-size=1200,1500", f"--lang={language}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


def shot(driver, name):
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def console_errors(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def held_upload(gw, investments, day):
    with open(os.path.join(SOURCE, "samples", "pain.001", "accepted-pain001v03-two-blocks.xml"),
              encoding="utf-8") as f:
        xml = (f.read().replace("2026-12-01", day).replace("SAMPLE-03", "PORTAL-BROWSER")
               .replace("LV06TREL1060000300001", investments)
               # to the institution's own donations account, which the ledger holds
               .replace("LV33TREL1060000300000", iban("LV", "TREL1060000300002")))
    out = run("curl", "-sS", "-D", "-", "--cacert", gw.ca, "--cert", gw.client + ".pem",
              "--key", gw.client + ".key", "-H", "Content-Type: application/xml",
              "--data-binary", "@-", gw.url("/v1/messages"), input=xml)
    check(out.startswith("HTTP/1.1 202") and "<GrpSts>PDNG</GrpSts>" in out,
          "the accounting system's file from the 2-signature account waits for signers (202 PDNG)")
    return int(re.search(r"X-Message-Id: (\d+)", out).group(1))


def sign_in_with_keyboard(driver, wait, gw, lang):
    driver.get(gw.url(f"/portal?lang={lang}"))
    wait.until(lambda d: d.find_elements(By.ID, "sign-in"))
    shot(driver, f"portal-sign-in-{lang}")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(10):  # Tab through the page to the button, as a keyboard user does
        if driver.switch_to.active_element.get_attribute("id") == "sign-in":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    check(driver.switch_to.active_element.get_attribute("id") == "sign-in",
          "the sign-in button is reached with the keyboard")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda d: d.find_elements(By.ID, "files") or d.find_elements(By.ID, "nothing"))


def main():
    if not may_write_policy():
        print("FAIL this test writes a Chromium policy under /etc: run it as root")
        return 1
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gw-portal-")
    gw = make_gateway(work)
    policy = certificate_policy("portal-test", [gw.api_port])
    home = os.environ.get("HOME", "/root")
    driver = None
    try:
        investments = iban("LV", "TREL1060000300003")
        riga_today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Riga")).date()
        day = riga_today + datetime.timedelta(days=1)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        day = day.isoformat()
        file_id = held_upload(gw, investments, day)

        # Ilze Bērziņa (level 1), in English.
        driver = browser(person_home(work, gw, "berzina"), "en-GB")
        wait = WebDriverWait(driver, 20)
        sign_in_with_keyboard(driver, wait, gw, "en")
        check("Signed in: Ilze Bērziņa" in driver.page_source,
              "her personal certificate signs her in, by name")
        rows = driver.find_elements(By.CSS_SELECTOR, "#files tbody tr")
        check(len(rows) == 1 and "PORTAL-BROWSER-ACCEPTED-001" in rows[0].text
              and "2150.75 EUR" in rows[0].text and "0 / 2" in rows[0].text,
              "the file waits for her: MsgId, amount, 0 of 2 signatures")
        shot(driver, "portal-files-en")
        driver.find_element(By.LINK_TEXT, str(file_id)).click()
        wait.until(lambda d: d.find_elements(By.ID, "statement"))
        statement = driver.find_element(By.ID, "statement").text
        check("Decision: approve" in statement and investments in statement,
              "the file's page shows the statement she approves")
        payments = driver.find_elements(By.CSS_SELECTOR, "#payments tbody tr")
        check(len(payments) == 3 and 'SIA "Rīgas Ūdens"' in payments[0].text
              and "1500.00 EUR" in payments[0].text,
              "and its payments, beneficiaries and amounts")
        shot(driver, "portal-file-en")
        driver.find_element(By.ID, "approve").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
        check("Your approval is recorded. The file waits for its other signers."
              in driver.find_element(By.CSS_SELECTOR, "p.notice").text,
              "her approval is recorded; the file waits for the level-2 signer")
        check(not driver.find_elements(By.ID, "approve"), "she cannot sign it twice")
        shot(driver, "portal-approved-en")
        check(console_errors(driver) == [], "no script or policy errors in the console")
        driver.quit()
        driver = None

        # Pēteris Ozols (level 2), in Latvian: completes the signatures.
        driver = browser(person_home(work, gw, "ozols"), "lv")
        wait = WebDriverWait(driver, 20)
        sign_in_with_keyboard(driver, wait, gw, "lv")
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"
              and "Datnes, kas gaida jūsu parakstu" in driver.page_source,
              "the portal speaks Latvian")
        shot(driver, "portal-files-lv")
        driver.find_element(By.LINK_TEXT, str(file_id)).click()
        wait.until(lambda d: d.find_elements(By.ID, "approve"))
        check("Ilze Bērziņa" in driver.find_element(By.TAG_NAME, "main").text
              and "šajā portālā" in driver.page_source,
              "he sees her approval and how it was given")
        driver.find_element(By.ID, "approve").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
        check("datne nodota izpildei" in driver.find_element(By.CSS_SELECTOR, "p.notice").text,
              "his approval completes the signatures: sent for execution")
        shot(driver, "portal-released-lv")

        # The ledger books it on its day; the portal shows the payments executed.
        gw.ctl("ledger", "clock", "--set", day)
        gw.ctl("ledger", "fund", "--iban", investments, "--amount", "10000.00")
        booked = gw.ctl("ledger", "run-day")
        check("3 booked" in booked, f"the ledger books the three payments: {booked.strip()}")
        driver.get(gw.url(f"/portal/files/{file_id}?lang=en"))
        wait.until(lambda d: d.find_elements(By.ID, "payments"))
        statuses = [row.find_elements(By.TAG_NAME, "td")[-1].text
                    for row in driver.find_elements(By.CSS_SELECTOR, "#payments tbody tr")]
        check(statuses == ["ACSC", "ACSC", "ACSC"], f"the portal shows them executed: {statuses}")
        check("signed, sent for execution" in driver.page_source, "and the file released")
        shot(driver, "portal-executed-en")

        # The payment search finds them by the file's MsgId, executed, with their history.
        driver.find_element(By.LINK_TEXT, "Payments").click()
        wait.until(lambda d: d.find_elements(By.ID, "ref"))
        driver.find_element(By.ID, "ref").send_keys("PORTAL-BROWSER-ACCEPTED-001")
        # By value: typing "ACSC" into a select picks by the labels' first letters, and
        # on a loaded machine the keys come slowly enough to start the match over.
        Select(driver.find_element(By.ID, "status")).select_by_value("ACSC")
        shown = driver.find_element(By.TAG_NAME, "main")
        driver.find_element(By.ID, "search").click()
        wait.until(left(shown))
        wait.until(lambda d: d.find_elements(By.ID, "found") or d.find_elements(By.ID, "nothing"))
        check("status=ACSC" in driver.current_url, f"the search asks for ACSC: {driver.current_url}")
        found = driver.find_elements(By.CSS_SELECTOR, "#found tbody tr")
        check(len(found) == 3 and all("ACSC" in row.text for row in found),
              "the payment search finds the three payments executed: "
              + " | ".join(row.text for row in found))
        check(any("RCVD" in row.text and "PDNG" in row.text and "ACSC" in row.text
                  for row in found), "each with its history: received, held, executed")
        shot(driver, "portal-search-en")

        # After the end of day, the day's statement: balances, entries, and its camt.053.
        gw.ctl("ledger", "end-of-day")
        driver.find_element(By.LINK_TEXT, "Statements").click()
        wait.until(lambda d: d.find_elements(By.ID, "iban"))
        Select(driver.find_element(By.ID, "iban")).select_by_value(investments)
        check(driver.find_element(By.ID, "day").get_attribute("value") == day,
              "the statement page offers the last closed business day")
        shown = driver.find_element(By.TAG_NAME, "main")
        driver.find_element(By.ID, "show").click()
        wait.until(left(shown))  # the page the form asked for, not the one before
        check(f"iban={investments}" in driver.current_url and f"day={day}" in driver.current_url,
              "the form asks for the chosen account and day")
        balances = driver.find_element(By.ID, "balances").text
        check("10000.00 EUR" in balances and "7849.25 EUR" in balances,
              f"the statement's balances: funded 10000.00, closing 7849.25: {balances}")
        entries = driver.find_elements(By.CSS_SELECTOR, "#entries tbody tr")
        check(len(entries) == 4 and "-1500.00 EUR" in entries[1].text
              and 'SIA "Rīgas Ūdens"' in entries[1].text,
              "its four entries: the funding and the three payments, with their beneficiaries")
        shot(driver, "portal-statement-en")
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": downloads})
        driver.find_element(By.ID, "download").click()
        wanted = os.path.join(downloads, f"camt.053.001.02-{investments}-{day}.xml")
        # Chromium reserves the final name with an empty file and writes to a
        # .crdownload beside it, renamed over it at the end: done when no
        # .crdownload is left and the file has content.
        WebDriverWait(driver, 20).until(
            lambda d: os.path.exists(wanted) and os.path.getsize(wanted) > 0
            and not any(n.endswith(".crdownload") for n in os.listdir(downloads)))
        with open(wanted, encoding="utf-8") as f:
            camt053 = f.read()
        check("<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">7849.25</Amt>" in camt053,
              "the browser downloads the day's camt.053, closing at 7849.25")

        # Sign-out ends the session: the portal asks to sign in again.
        driver.find_element(By.CSS_SELECTOR, "form[action='/portal/signout'] button").click()
        wait.until(lambda d: d.find_elements(By.ID, "sign-in"))
        check("You have signed out." in driver.page_source, "signing out says so")
        check(console_errors(driver) == [], "no script or policy errors in the console")
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
