#!/usr/bin/env python3
"""The admin's analytics pages in headless Chromium (Selenium): sign in, then open each page.

Usage:
    admin_pages.py BASE_URL EMAIL PASSWORD OUTPUT_DIR PATH...

Signs in through the form as a person would (the "Email" and "Password" labels, the "Sign in"
button), then for each PATH: opens it at 1280 px, checks the page (no error notice, no script, no markup
shown as text, a level-one heading), that every chart (svg[role=img]) is drawn (a box larger than 100×50 px) and
named by a <title>, and that every table has a caption; a screenshot per page (NN-name.png). Sparklines
(svg.spark) are small by design: at least 100×24 px. On the first dashboard overview it also uses the
filters as a person would: sets "From" to 30 days before "To (exclusive)", presses "Show" and checks the
overview of those 30 days comes back (through the /admin/dashboard redirect).
Password from the argument list is fine for a throwaway test database only.

Exit 0 when every page holds; 1 with "FAIL [step]: reason" (and the page's screenshot and HTML);
2 when the browser cannot start; 3 when Selenium, Chromium or chromedriver is missing.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import receipt_flow  # noqa: E402 - the shared browser set-up and finders
from receipt_flow import Failure, check, run_flow  # noqa: E402


class AdminPages(receipt_flow.Flow):
    def __init__(self, base, email, password, outdir, paths):
        super().__init__(base, outdir)
        self.base = base.rstrip("/")
        self.email = email
        self.password = password
        self.paths = paths

    def run(self):
        self.step = "sign in"
        self.driver.get(self.base + "/admin/login")
        self.field("Email").send_keys(self.email)
        self.field("Password").send_keys(self.password)
        self.button("Sign in").click()
        self.wait("the store list after signing in", lambda: "/admin/login" not in self.driver.current_url)
        for path in self.paths:
            self.step = f"open {path}"
            self.driver.get(self.base + path)
            self.page_is_fine()
            shown = re.search(r"</?(p|ol|ul|li|table|tr|td|div|span|a|svg)[ >]", self.text())
            if shown:
                raise Failure(f"{path} shows markup as text: '{shown.group(0)}' (escaped twice)")
            if not self.xpath("//h1"):
                raise Failure(f"{path} has no <h1>")
            charts = self.driver.execute_script("""
                return Array.from(document.querySelectorAll('svg[role=img]')).map(function (svg) {
                    var box = svg.getBoundingClientRect();
                    var title = svg.querySelector('title');
                    return [box.width, box.height, title ? title.textContent : '', svg.classList.contains('spark')];
                });""")
            for width, height, title, spark in charts:
                if width < 100 or height < (24 if spark else 50):
                    raise Failure(f"a chart on {path} is drawn {width:.0f}×{height:.0f} px")
                if not title.strip():
                    raise Failure(f"a chart on {path} has no <title>")
            uncaptioned = self.driver.execute_script(
                "return Array.from(document.querySelectorAll('table')).filter(function (t) { return !t.caption; }).length")
            if uncaptioned:
                raise Failure(f"{uncaptioned} table(s) on {path} without a caption")
            name = re.sub(r"[^a-z0-9]+", "-", path.split("?")[0].lower()).strip("-")
            self.screenshot(name)
            print(f"  {path}: {len(charts)} chart(s)")
            if "/overview" in path and not self.filtered:
                self.use_filters(path)

    filtered = False

    def use_filters(self, path):
        """Sets the period through the form and checks the page it leads to."""
        import datetime

        self.step = f"filter {path}"
        self.filtered = True
        to = self.field("To (exclusive)").get_attribute("value")
        start = (datetime.date.fromisoformat(to) - datetime.timedelta(days=30)).isoformat()
        # A date input's typed format follows the browser's locale; its value is always ISO.
        self.driver.execute_script("arguments[0].value = arguments[1]", self.field("From"), start)
        self.button("Show").click()
        self.wait("the filtered overview", lambda: f"from={start}" in self.driver.current_url)
        self.page_is_fine()
        if "(30 days," not in self.text():
            raise Failure(f"the overview from {start} to {to} does not say it covers 30 days")
        self.screenshot("overview-filtered")
        print(f"  filtered to {start}..{to}: {self.driver.current_url.split('/admin/')[1]}")


def main(argv):
    if argv[1:] == ["--check"]:
        return check()
    if len(argv) < 6:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    if check() != 0:
        return 3
    return run_flow(lambda: AdminPages(argv[1], argv[2], argv[3], argv[4], argv[5:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
