// The activation page: sends the code with a CSR or a password to the
// activation routes (POST /v1/activation/certificate, /v1/activation/pkcs12)
// and hands the result to the person. Texts come from the page itself
// (#messages), in the page's language; nothing is stored in the browser.
"use strict";

(function () {
  const form = document.getElementById("activation");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const submit = document.getElementById("submit");
  const downloadLabel = document.getElementById("download").textContent;
  let downloadUrl = null;

  function text(code) {
    const item = document.querySelector('#messages [data-code="' + code + '"]');
    return item ? item.textContent : "";
  }

  function say(message, kind) {
    status.textContent = message;
    status.className = kind || "";
  }

  // A mistake in one field: said, the field marked invalid and focused.
  function wrong(fieldId, code) {
    const field = document.getElementById(fieldId);
    field.setAttribute("aria-invalid", "true");
    field.focus();
    say(text(code), "error");
  }

  function clearMarks() {
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  }

  function method() {
    return document.getElementById("method-csr").checked ? "csr" : "pkcs12";
  }

  function showMethod() {
    const csr = method() === "csr";
    document.getElementById("csr-part").hidden = !csr;
    document.getElementById("pkcs12-part").hidden = csr;
  }

  function offerDownload(blob, name, message, notAfter) {
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(blob);
    const link = document.getElementById("download");
    link.href = downloadUrl;
    link.download = name;
    link.textContent = downloadLabel + " " + name;
    let line = message;
    // "2028-12-02T08:30:51Z" is shown as "2028-12-02 08:30".
    if (notAfter) line += " " + text("valid_until").replace("{date}", notAfter.slice(0, 16).replace("T", " "));
    document.getElementById("result-text").textContent = line;
    form.hidden = true;
    result.hidden = false;
    say("", "ok");
    document.getElementById("result-title").focus();
    return link;
  }

  async function refusal(response) {
    try {
      const body = await response.json();
      const known = body && body.error ? text(body.error) : "";
      if (known) return known;
      if (body && body.message) return body.message;
    } catch (e) {
      // not JSON: fall through to the status line
    }
    return "HTTP " + response.status;
  }

  // 503 activation_busy: the gateway answers a few attempts at a time and did
  // nothing with this one; it is sent again after Retry-After, a few times.
  async function send(url, body) {
    for (let attempt = 1; ; ++attempt) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: body,
        credentials: "omit",
        cache: "no-store",
      });
      if (response.status !== 503 || attempt >= 5) return response;
      let busy = false;
      try {
        busy = (await response.clone().json()).error === "activation_busy";
      } catch (e) {
        busy = false;
      }
      if (!busy) return response;
      const seconds = Math.min(10, Number(response.headers.get("Retry-After")) || 2);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }

  async function activate(event) {
    event.preventDefault();
    clearMarks();
    const code = document.getElementById("code").value.trim();
    if (!code) return wrong("code", "code_missing");
    const csr = method() === "csr";
    let body;
    if (csr) {
      const request = document.getElementById("csr").value.trim();
      if (!request) return wrong("csr", "csr_missing");
      body = { code: code, csr: request + "\n" };
    } else {
      const password = document.getElementById("password").value;
      // Characters, as the gateway counts them (a letter beyond the BMP is one).
      if ([...password].length < 12) return wrong("password", "password_short");
      if (password !== document.getElementById("password2").value)
        return wrong("password2", "password_mismatch");
      body = { code: code, password: password };
    }
    submit.disabled = true;
    say(text("working"));
    try {
      const response = await send(csr ? "/v1/activation/certificate" : "/v1/activation/pkcs12",
                                   JSON.stringify(body));
      if (!response.ok) {
        say(await refusal(response), "error");
        return;
      }
      // Issued: the passwords are of no more use on the page.
      for (const id of ["password", "password2"]) document.getElementById(id).value = "";
      if (csr) {
        const answer = await response.json();
        const pem = answer.certificate + answer.chain.join("");
        const shown = document.getElementById("certificate");
        shown.textContent = answer.certificate;
        shown.hidden = false;
        offerDownload(new Blob([pem], { type: "application/x-pem-file" }),
                      "eKase-user-" + answer.user_number + ".pem", text("done_csr"), answer.not_after);
      } else {
        const disposition = response.headers.get("Content-Disposition") || "";
        const named = /filename="([^"]+)"/.exec(disposition);
        const name = named ? named[1] : "eKase-user.p12";
        const link = offerDownload(await response.blob(), name, text("done_pkcs12"),
                                   response.headers.get("X-Certificate-Not-After"));
        link.click();
      }
    } catch (e) {
      say(text("network"), "error");
    } finally {
      submit.disabled = false;
    }
  }

  for (const radio of document.querySelectorAll('input[name="method"]')) {
    radio.addEventListener("change", showMethod);
  }
  form.addEventListener("submit", activate);
  showMethod();
})();
