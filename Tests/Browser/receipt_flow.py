#!/usr/bin/env python3
"""A customer's whole visit to the smart receipt, in headless Chromium (Selenium).

Usage:
    receipt_flow.py RECEIPT_URL OUTPUT_DIR   run the flow, a screenshot per step (NN-step.png)
    receipt_flow.py --check                  exit 0 if Selenium, Chromium and chromedriver are
                                             here, else 3 naming what is missing

The flow: the receipt at 375 px and 1280 px; an NPS vote of 8 and its follow-up question; the
"Step by step" help guide; a message through "Write to us" (with a script tag in it, which must
stay text); a return request; then the preference centre, where "News and offers by e-mail" is
unticked, saved, and stays unticked after a reload.

Any failed check exits 1 with "FAIL [step]: reason" (a screenshot NN-FAILED-step.png and the
page's HTML beside it); a browser that cannot start exits 2. Elements are found by what a person
sees: label text, button text, summaries, roles.
"""

import os
import re
import shutil
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

MOBILE = (375, 812)
DESKTOP = (1280, 900)
XSS = "<script>alert(1)</script>"
TIMEOUT = 15


class Failure(Exception):
    """A check that did not hold."""


def find_browser():
    """Paths of Chromium and chromedriver, or None each; CHROME_BIN and CHROMEDRIVER, when set, are
    the only candidates."""
    def first(variable, names):
        if os.environ.get(variable):
            names = [os.environ[variable]]
        for name in names:
            path = shutil.which(name)
            if path:
                return path
        return None
    return (first("CHROME_BIN", ["chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"]),
            first("CHROMEDRIVER", ["chromedriver", "/usr/bin/chromedriver"]))


def check():
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append(f"the Python module selenium (for {sys.executable}: apt-get install python3-selenium, "
                       "or pip install selenium)")
    browser, driver = find_browser()
    if not browser:
        missing.append("Chromium (apt-get install chromium)")
    if not driver:
        missing.append("chromedriver (apt-get install chromium-driver)")
    if missing:
        print("missing: " + "; ".join(missing))
        return 3
    print(f"ok: {sys.executable}, {browser}, {driver}")
    return 0


def literal(text):
    """An XPath string literal for any text (quotes included)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


class Flow:
    def __init__(self, url, outdir):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.url = url
        self.outdir = outdir
        self.shot = 0
        self.step = "start"
        os.makedirs(outdir, exist_ok=True)
        for name in os.listdir(outdir):
            if re.match(r"^\d\d-.*\.(png|html)$", name):
                os.remove(os.path.join(outdir, name))
        browser, driver = find_browser()
        self.profile = tempfile.mkdtemp(prefix="encore-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", f"--user-data-dir={self.profile}",
                         f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-GB"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(executable_path=driver), options=options)
        self.driver.set_page_load_timeout(30)

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    # Viewport and screenshots

    def viewport(self, size, mobile):
        width, height = size
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, name):
        """The whole page (beyond the viewport) as NN-name.png."""
        import base64
        self.shot += 1
        path = os.path.join(self.outdir, f"{self.shot:02d}-{name}.png")
        try:
            metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            data = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
            with open(path, "wb") as file:
                file.write(base64.b64decode(data["data"]))
        except Exception:  # noqa: BLE001 - an older driver: the viewport is enough
            self.driver.save_screenshot(path)
        print(f"  screenshot {path}")

    # Finding things as a person would

    def wait(self, what, condition, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except Exception as error:  # noqa: BLE001 - stale or not yet there: try again
                last = error
            time.sleep(0.1)
        cause = f" ({last.__class__.__name__})" if last else ""
        raise Failure(f"timed out after {timeout}s waiting for {what}{cause}")

    def xpath(self, expression):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.XPATH, expression)

    def one(self, what, expression, scope=None):
        from selenium.webdriver.common.by import By
        found = (scope or self.driver).find_elements(By.XPATH, expression)
        visible = [element for element in found if element.is_displayed()]
        if not visible:
            raise Failure(f"no visible {what} on the page ({self.driver.current_url})")
        return visible[0]

    def button(self, text, scope=None):
        return self.one(f"button '{text}'", f".//button[normalize-space(.)={literal(text)}]", scope)

    def summary(self, text):
        return self.one(f"'{text}' (a <summary>)", f"//details/summary[normalize-space(.)={literal(text)}]")

    def field(self, label, exact=True):
        """The control a <label> names: through its for= or the control inside it."""
        from selenium.webdriver.common.by import By
        test = f"normalize-space(.)={literal(label)}" if exact else f"starts-with(normalize-space(.), {literal(label)})"
        labels = [element for element in self.xpath(f"//label[{test}]") if element.is_displayed()]
        if not labels:
            raise Failure(f"no visible label '{label}' on the page")
        target = labels[0].get_attribute("for")
        if target:
            return self.driver.find_element(By.ID, target)
        return labels[0].find_element(By.XPATH, ".//input|.//select|.//textarea")

    def form_of(self, element):
        from selenium.webdriver.common.by import By
        return element.find_element(By.XPATH, "./ancestor::form[1]")

    def text(self):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.TAG_NAME, "body").text

    def status(self, expected):
        """The role=status notice, which must contain `expected`."""
        notices = [element.text for element in self.xpath("//*[@role='status']") if element.is_displayed()]
        if not any(expected in notice for notice in notices):
            raise Failure(f"expected the status '{expected}', the page shows {notices or 'no status'}")

    def page_is_fine(self):
        """No error notice, no 'link not valid' / 'form expired' / 'too many requests' page, no script."""
        title = self.driver.title
        for bad in ["Link not valid", "Link expired", "Form expired", "Too many requests"]:
            if title.startswith(bad):
                raise Failure(f"the browser shows '{title}' at {self.driver.current_url}: {self.text()[:300]}")
        errors = [element.text for element in self.xpath("//*[@role='alert']") if element.is_displayed()]
        if errors:
            raise Failure(f"the page shows an error: {errors}")
        self.no_alert()
        scripts = self.driver.execute_script("return document.querySelectorAll('script').length")
        if scripts:
            raise Failure(f"the page holds {scripts} <script> element(s); customer pages have none")

    def no_alert(self):
        from selenium.common.exceptions import NoAlertPresentException
        try:
            alert = self.driver.switch_to.alert
            message = alert.text
            alert.dismiss()
            raise Failure(f"a JavaScript alert opened: '{message}' (injected script ran)")
        except NoAlertPresentException:
            pass

    def submit(self, button):
        """Clicks a submit button and waits for the page it leads to (POST, then 303 to a GET)."""
        from selenium.webdriver.common.by import By
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()

        def reloaded():
            try:
                old.tag_name
                return False
            except Exception:  # noqa: BLE001 - stale: a new document
                return self.driver.execute_script("return document.readyState") == "complete"
        self.wait("the page after the form was sent", reloaded)

    def open_details(self, summary_text):
        from selenium.webdriver.common.by import By
        summary = self.summary(summary_text)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.click()
        details = summary.find_element(By.XPATH, "./parent::details")
        self.wait(f"'{summary_text}' to open", lambda: details.get_attribute("open") is not None)
        return details

    def choose(self, select_element, visible_text):
        from selenium.webdriver.support.ui import Select
        Select(select_element).select_by_visible_text(visible_text)

    # The steps

    def run(self):
        self.step = "open at 375 px"
        print(f"receipt: {self.url}")
        self.viewport(MOBILE, mobile=True)
        self.driver.get(self.url)
        self.page_is_fine()
        heading = self.one("heading 'Thank you'", "//h1[starts-with(normalize-space(.), 'Thank you')]").text
        print(f"  heading: {heading}")
        for section in ["Receipt", "Status", "Tracking", "Need help?"]:
            self.one(f"heading '{section}'", f"//h2[normalize-space(.)={literal(section)}]")
        overflow = self.driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            raise Failure(f"at {MOBILE[0]} px the page scrolls sideways by {overflow} px")
        self.screenshot("receipt-375")

        self.step = "open at 1280 px"
        self.viewport(DESKTOP, mobile=False)
        self.driver.refresh()
        self.page_is_fine()
        scale = self.one("the NPS scale", "//fieldset[legend[contains(., 'recommend')]]")
        buttons = scale.find_elements("xpath", ".//button[@name='score']")
        if len(buttons) != 11:
            raise Failure(f"the NPS scale has {len(buttons)} buttons, not 11 (0 to 10)")
        tops = {round(button.rect["y"]) for button in buttons}
        if len(tops) != 1:
            raise Failure(f"at {DESKTOP[0]} px the 0-10 scale should be one row; it spans {len(tops)} rows")
        self.screenshot("receipt-1280")

        # The rest as on a phone.
        self.viewport(MOBILE, mobile=True)
        self.driver.refresh()

        self.step = "NPS vote"
        scale = self.one("the NPS question (a fieldset whose legend asks to recommend)",
                         "//form[.//legend[contains(., 'recommend')]]")
        eight = self.one("the button '8 out of 10'", ".//button[@aria-label='8 out of 10']", scale)
        if eight.get_attribute("value") != "8" or eight.get_attribute("name") != "score":
            sends = f"{eight.get_attribute('name')}={eight.get_attribute('value')}"
            raise Failure(f"the '8 out of 10' button sends {sends}, not score=8")
        self.submit(eight)
        self.page_is_fine()
        self.status("Thank you! Your answer was recorded.")
        if "You gave us 8 out of 10" not in self.text():
            raise Failure("the feedback section does not say 'You gave us 8 out of 10'")
        reason = self.field("What is the main reason for your score?")
        if reason.tag_name != "textarea":
            raise Failure(f"the follow-up question is a <{reason.tag_name}>, not a text box")
        if self.xpath("//form[.//legend[contains(., 'recommend')]]"):
            raise Failure("the NPS scale is still offered after the vote")
        self.screenshot("nps-voted")

        self.step = "NPS follow-up"
        reason.send_keys("Fast delivery, but the box was dented.")
        self.submit(self.button("Send", self.form_of(reason)))
        self.page_is_fine()
        self.status("Your answer was saved.")
        if not self.xpath("//section[@id='feedback']//p[normalize-space(.)='Thank you for telling us why.']"):
            raise Failure("the feedback section does not thank the customer for the reason")
        if self.xpath("//label[normalize-space(.)='What is the main reason for your score?']"):
            raise Failure("the follow-up question is still asked after it was answered")
        self.screenshot("nps-reason")

        self.step = "help guide"
        details = self.open_details("Step by step")
        steps = [item for item in details.find_elements("xpath", ".//ol/li") if item.is_displayed()]
        if len(steps) < 3:
            raise Failure(f"the open guide shows {len(steps)} step(s)")
        print(f"  {len(steps)} steps, the first: {steps[0].text}")
        self.screenshot("help-steps")

        self.step = "write to us"
        self.open_details("Write to us")
        self.choose(self.field("Topic"), "Where is my order?")
        message = self.field("Message")
        message.send_keys(f"Hello {XSS} is my parcel coming?")
        self.submit(self.button("Send message", self.form_of(message)))
        self.page_is_fine()
        self.status("Your message was sent.")
        mine = self.one("the list after 'Your requests:'",
                        "//p[normalize-space(.)='Your requests:']/following-sibling::ul[1]")
        tickets = [item.text for item in mine.find_elements("xpath", "./li")]
        if not any(re.match(r"^#\d+ Where is my order\? \(order .+\)", item) for item in tickets):
            raise Failure(f"'Your requests' does not list the new request: {tickets}")
        print(f"  your requests: {tickets}")
        if XSS in self.text():
            print("  the message is shown as literal text")
        else:
            print("  the message itself is not shown on the receipt (the list names the topic); no script element, "
                  "no alert")
        self.screenshot("ticket-sent")

        self.step = "request a return"
        returns = self.open_details("Request a return")
        quantities = [element for element in returns.find_elements("xpath", ".//select[starts-with(@name, 'qty.')]")]
        if not quantities:
            raise Failure("the return form has no quantity to choose")
        first = quantities[0]
        label = self.one("the first quantity's label", f"//label[@for={literal(first.get_attribute('id'))}]").text
        match = re.match(r"^(.*) \(up to (\d+)\)$", label)
        if not match:
            raise Failure(f"the quantity's label '{label}' does not read 'TITLE (up to N)'")
        self.choose(self.field(label), "1")
        self.choose(self.field("Reason"), "Arrived damaged")
        self.submit(self.button("Request return", self.form_of(first)))
        self.page_is_fine()
        self.status("Your return request was received.")
        timeline = self.one("the status timeline", "//ol[@aria-label='Order status']")
        steps = [item.text.split("\n")[0] for item in timeline.find_elements("xpath", "./li")]
        if "Return requested" not in steps:
            raise Failure(f"the status timeline does not show 'Return requested': {steps}")
        print(f"  returned 1 of {match.group(1)}; status: {' > '.join(steps)}")
        self.screenshot("return-requested")

        self.step = "preferences link"
        links = [link for link in self.xpath("//a[@href]")
                 if urlsplit(link.get_attribute("href")).path.startswith("/p/")]
        if not links:
            raise Failure("the receipt has no link to the preference centre (/p/...)")
        link = links[0]
        print(f"  preferences link: '{link.text}'")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        self.wait("the preference centre", lambda: urlsplit(self.driver.current_url).path.startswith("/p/"))
        self.page_is_fine()
        news = self.field("News and offers by e-mail")
        if news.get_attribute("type") != "checkbox":
            raise Failure("'News and offers by e-mail' is not a checkbox")
        if not news.is_selected():
            raise Failure("'News and offers by e-mail' starts unticked, though the customer agreed to it")
        surveys = self.field("Short surveys by e-mail (at most one a month)")
        surveys_before = surveys.is_selected()
        self.screenshot("preferences")

        self.step = "untick news and save"
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", news)
        news.click()
        if news.is_selected():
            raise Failure("clicking 'News and offers by e-mail' did not untick it")
        self.submit(self.button("Save my choices"))
        self.page_is_fine()
        self.status("Saved")
        if self.field("News and offers by e-mail").is_selected():
            raise Failure("'News and offers by e-mail' is ticked again after saving")
        self.screenshot("preferences-saved")

        self.step = "preferences after reload"
        parts = urlsplit(self.driver.current_url)
        self.driver.get(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
        self.page_is_fine()
        if self.field("News and offers by e-mail").is_selected():
            raise Failure("after a reload 'News and offers by e-mail' is ticked again: the choice was not kept")
        if self.field("Short surveys by e-mail (at most one a month)").is_selected() != surveys_before:
            raise Failure("saving changed 'Short surveys by e-mail' too")
        self.screenshot("preferences-reloaded")
        print(f"PASS: receipt flow, {self.shot} screenshots in {self.outdir}")

    def record_failure(self):
        """A screenshot and the HTML of the page the failure happened on."""
        name = re.sub(r"[^a-z0-9]+", "-", self.step.lower()).strip("-")
        try:
            self.screenshot(f"FAILED-{name}")
            with open(os.path.join(self.outdir, f"{self.shot:02d}-FAILED-{name}.html"), "w", encoding="utf-8") as file:
                file.write(self.driver.page_source)
            print(f"  at {self.driver.current_url}", file=sys.stderr)
        except Exception as error:  # noqa: BLE001 - best effort
            print(f"  (no failure screenshot: {error})", file=sys.stderr)


def main(argv):
    if argv[1:] == ["--check"]:
        return check()
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    if check() != 0:
        return 3
    return run_flow(lambda: Flow(argv[1], argv[2]))


def run_flow(make):
    """Starts the browser with `make()` and runs the flow: 0 when it holds, 1 on a failed check
    (with the page's screenshot and HTML), 2 when the browser cannot start."""
    try:
        flow = make()
    except Exception as error:  # noqa: BLE001
        print(f"ERROR: the browser did not start: {error}", file=sys.stderr)
        return 2
    try:
        flow.run()
        return 0
    except Failure as failure:
        print(f"FAIL [{flow.step}]: {failure}", file=sys.stderr)
        flow.record_failure()
        return 1
    except Exception as error:  # noqa: BLE001 - a WebDriver error is a failure of the step too
        print(f"FAIL [{flow.step}]: {error.__class__.__name__}: {str(error).strip()}", file=sys.stderr)
        flow.record_failure()
        return 1
    finally:
        flow.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
