// The SMTP reply types, parser and errors live in EncoreSMTPProtocol (a small module that the
// fuzz package builds without NIOSSL, AsyncHTTPClient and swift-crypto); they are part of this
// module's API, so importing EncoreMessaging brings them.
@_exported import EncoreSMTPProtocol
