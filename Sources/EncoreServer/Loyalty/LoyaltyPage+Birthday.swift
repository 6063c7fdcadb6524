import EncoreCore
import EncoreJourneys
import EncoreLoyalty
import EncoreStore
import Foundation

extension LoyaltyPage {
    /// The birthday section, when the program gives birthday points: a form (month and day) when
    /// no birthday is on file, else the birthday and, in its first 30 days, when its points start.
    /// The form cannot change a birthday on file: a new one would restart the 30 days, so a change
    /// goes through the shop (the API).
    static func birthday(_ view: LoyaltyView, _ time: LocalTimeFormatter) -> HTML {
        guard let rule = view.status.program?.program.rule(for: .birthday) else { return .empty }
        let days = BirthdayRule.minimumDaysSinceSet
        guard let birthday = view.customer.birthday else {
            let months: [HTML] = Birthday.monthNames.enumerated().map { index, name in
                "<option value=\"\(index + 1)\">\(name)</option>"
            }
            let dayOptions: [HTML] = (1...31).map { "<option value=\"\($0)\">\($0)</option>" }
            return """
                <section aria-labelledby="birthday"><h2 id="birthday">Add your birthday</h2>
                <p>Get \(rule.points) points on your birthday every year. Points come from \(days) days after you add it, and it cannot be changed here once saved.</p>
                <form method="post" action="/l/\(view.token)/birthday"><input type="hidden" name="csrf" value="\(view.csrf)">
                <label for="birthday-month">Month</label><select id="birthday-month" name="month" required><option value="">Month</option>\(months)</select>
                <label for="birthday-day">Day</label><select id="birthday-day" name="day" required><option value="">Day</option>\(dayOptions)</select>
                <button type="submit">Save my birthday</button></form></section>
                """
        }
        var start: HTML = .empty
        if let setAt = view.customer.birthdaySetAt {
            let from = setAt.adding(seconds: Int64(days) * 86_400)
            if from > view.now { start = "<p class=\"muted\">Birthday points start from \(time.date(from)).</p>" }
        }
        return """
            <section aria-labelledby="birthday"><h2 id="birthday">Your birthday</h2>
            <p>\(birthday.spelled): \(rule.points) points on your birthday every year.</p>\(start)
            <p class="hint">To change it, contact the shop.</p></section>
            """
    }

    /// Why a month and day from the form are not a birthday (nil when they are one).
    static func birthdayProblem(month: String?, day: String?) -> String? {
        guard let month = month.flatMap({ Int($0) }), (1...12).contains(month) else { return "Choose the month of your birthday." }
        let length = Birthday.daysIn(month: month, leap: true)
        guard let day = day.flatMap({ Int($0) }), (1...length).contains(day) else {
            return "Choose a day from 1 to \(length): \(Birthday.monthNames[month - 1]) has \(length) days."
        }
        return nil
    }
}
