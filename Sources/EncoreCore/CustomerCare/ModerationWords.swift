/// The word lists review moderation uses. Lowercase ASCII; extend by adding words.
enum ModerationWords {
    /// English profanity and slurs, each form spelled out (whole-word matching only: "classic" is
    /// not "ass"). Kept modest on purpose: words with a common innocent meaning ("hell", "damn",
    /// "crap", "dick", "prick", "fag", "spic") are left out, since a flag costs a person's time.
    static let profanity: Set<String> = [
        "fuck", "fucks", "fucked", "fucker", "fuckers", "fucking", "fuckin", "fuckup", "fuckface", "fuk", "fck",
        "fcking", "motherfucker", "motherfuckers", "motherfucking", "shit", "shits", "shitty", "shitting",
        "shithead", "shithole", "shite", "bullshit", "horseshit", "bitch", "bitches", "bitching", "bitchy",
        "bastard", "bastards", "ass", "asses", "asshole", "assholes", "arse", "arsehole", "arseholes", "jackass",
        "dumbass", "smartass", "cunt", "cunts", "dickhead", "dickheads", "cock", "cocks", "cocksucker", "pussy",
        "twat", "twats", "wank", "wanker", "wankers", "bollocks", "bellend", "knobhead", "tosser", "piss",
        "pissing", "slut", "sluts", "whore", "whores", "skank", "goddamn", "goddamned", "douche", "douchebag",
        "nigger", "niggers", "nigga", "faggot", "faggots", "retard", "retards", "kike",
    ]

    /// Top-level domains that make a bare "name.tld" a link. Generic and common country codes;
    /// TLDs that are everyday English words ("it", "is", "in", "at", "be", "to", "me", "no", "so",
    /// "us", "my", "do", "am", "by") are left out, so "fine.it was" (a missing space) is not a
    /// link; with "http://" or "www." any domain is.
    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "edu", "gov", "info", "biz", "io", "co", "ai", "app", "dev", "shop",
        "store", "online", "site", "website", "xyz", "top", "club", "blog", "news", "link", "live", "tech",
        "cloud", "page", "email", "ly", "gl", "gg", "tv", "fm", "ws", "cc",
        "uk", "de", "fr", "nl", "es", "pt", "ch", "se", "dk", "fi", "pl", "cz", "sk", "hu", "ro", "gr", "ie",
        "eu", "ru", "ua", "cn", "jp", "kr", "tw", "hk", "sg", "au", "nz", "ca", "mx", "br", "ar", "cl", "za",
        "ae", "il", "tr", "vn", "th", "ph", "id", "pk", "ng", "ke",
    ]
}
