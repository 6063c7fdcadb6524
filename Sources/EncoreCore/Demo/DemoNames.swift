/// Name pools for demo customers: common given names and surnames per country.
enum DemoNames {
    private static func names(_ text: String) -> [DemoName] {
        text.split(separator: " ").map { DemoName(String($0)) }
    }

    static let americanFirst = names(
        """
        Emma Olivia Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily Ella Grace Chloe Zoe \
        Hannah Lily Nora Sarah Madison Natalie Maya Priya Aisha Maria Sofia Jasmine Liam Noah Oliver Elijah James \
        William Benjamin Lucas Henry Alexander Mason Michael Ethan Daniel Jacob Logan Jackson Sebastian Jack Owen \
        Samuel Matthew David Joseph Carter Wyatt John Ryan Nathan Isaac Diego Carlos Wei Omar Andre Marcus
        """)
    static let americanLast = names(
        """
        Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson \
        Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis \
        Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall \
        Rivera Campbell Mitchell Carter Roberts Patel Kim Chen O'Brien Murphy Cohen Sullivan Reyes Park Bennett
        """)
    static let britishFirst = names(
        """
        Oliver George Harry Jack Charlie Thomas Oscar William James Alfie Arthur Noah Leo Callum Rhys Archie \
        Olivia Amelia Isla Ava Emily Sophie Poppy Isabella Jessica Lily Freya Florence Evie Ruby Grace Harriet \
        Imogen Eleanor Chloe Megan
        """)
    static let britishLast = names(
        """
        Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans Walker White \
        Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Cooper Ward Morris Khan Harris Lewis \
        Price Bennett Murray Campbell
        """)
    static let frenchFirst = names(
        """
        Léa Chloé Manon Camille Inès Jade Louise Zoé Juliette Emma Élodie Céline Amélie Margaux Sarah Lucas \
        Hugo Louis Gabriel Arthur Jules Raphaël Théo Nathan Clément Antoine Maxime Julien Nicolas Baptiste
        """)
    static let frenchLast = names(
        """
        Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia \
        David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Faure Rousseau
        """)
    static let germanFirst = names(
        """
        Lukas Leon Finn Jonas Paul Felix Maximilian Elias Noah Ben Tobias Matthias Niklas Stefan Jürgen Jörg \
        Emma Mia Hannah Sofia Lena Lea Anna Marie Clara Johanna Katrin Sabine Anja Sarah
        """)
    static let germanLast = names(
        """
        Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein \
        Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier \
        Lehmann
        """)
    static let japaneseFirst = names(
        """
        Haruto Yuto Sota Yuki Hayato Haruki Ren Kaito Riku Sora Kenji Takeshi Hiroshi Daiki Shota Yui Hina \
        Sakura Aoi Mei Rin Yuna Koharu Himari Akari Naoko Emi Keiko Mio Ayaka
        """)
    static let japaneseLast = names(
        """
        Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi \
        Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Ishikawa Ogawa Fujita Okada Goto \
        Hasegawa
        """)
}
