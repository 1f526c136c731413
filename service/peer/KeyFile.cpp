#include "service/peer/KeyFile.h"

#include <QFile>
#include <QFileInfo>

namespace Shoal {

namespace {

struct Token
{
    enum Kind
    {
        Word,
        String,
        Open,
        Close,
        Semicolon,
        End
    };
    Kind kind = End;
    QByteArray text;
    int line = 1;
};

// Splits the file into tokens, skipping whitespace and comments. Stops at the first byte that
// cannot be in a key file.
class Lexer
{
public:
    explicit Lexer(QByteArrayView text)
        : m_text(text)
    {}

    std::optional<Token> next()
    {
        if (!skipSpaceAndComments())
            return std::nullopt;
        Token token;
        token.line = m_line;
        if (atEnd())
            return token;
        const char c = m_text[m_pos];
        if (c == '{' || c == '}' || c == ';') {
            ++m_pos;
            token.kind = c == '{' ? Token::Open : c == '}' ? Token::Close : Token::Semicolon;
            return token;
        }
        return c == '"' ? quoted(token) : word(token);
    }

    const QString &error() const { return m_error; }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }

    bool fail(const QString &text)
    {
        m_error = text + QStringLiteral(" on line %1").arg(m_line);
        return false;
    }

    // Printable ASCII, tab and line ends; anything else means this is not a key file.
    bool checkByte(char c)
    {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 0x20 && byte < 0x7f) || c == '\t' || c == '\n' || c == '\r')
            return true;
        return fail(QStringLiteral("unexpected byte 0x%1").arg(byte, 2, 16, QLatin1Char('0')));
    }

    bool skipSpaceAndComments()
    {
        while (!atEnd()) {
            const char c = peek();
            if (!checkByte(c))
                return false;
            if (c == '#' || (c == '/' && peek(1) == '/')) {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                if (!skipBlockComment())
                    return false;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance();
            } else {
                return true;
            }
        }
        return true;
    }

    void advance()
    {
        if (m_text[m_pos] == '\n')
            ++m_line;
        ++m_pos;
    }

    void skipLineComment()
    {
        while (!atEnd() && peek() != '\n')
            ++m_pos;
    }

    bool skipBlockComment()
    {
        const int startLine = m_line;
        m_pos += 2;
        while (!atEnd()) {
            if (!checkByte(peek()))
                return false;
            if (peek() == '*' && peek(1) == '/') {
                m_pos += 2;
                return true;
            }
            advance();
        }
        m_line = startLine;
        return fail(QStringLiteral("unterminated comment"));
    }

    std::optional<Token> quoted(Token &token)
    {
        ++m_pos;
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != '"' && peek() != '\n') {
            if (!checkByte(peek()))
                return std::nullopt;
            ++m_pos;
        }
        if (atEnd() || peek() != '"') {
            fail(QStringLiteral("unterminated string"));
            return std::nullopt;
        }
        token.kind = Token::String;
        token.text = m_text.sliced(start, m_pos - start).toByteArray();
        ++m_pos;
        return token;
    }

    std::optional<Token> word(Token &token)
    {
        const qsizetype start = m_pos;
        while (!atEnd()) {
            const char c = peek();
            if (!checkByte(c))
                return std::nullopt;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}' ||
                c == ';' || c == '"' || c == '#')
                break;
            ++m_pos;
        }
        token.kind = Token::Word;
        token.text = m_text.sliced(start, m_pos - start).toByteArray();
        return token;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QString m_error;
};

// What a token looks like in an error message: short, and only bytes the lexer let through.
QString describe(const Token &token)
{
    switch (token.kind) {
    case Token::Open:
        return QStringLiteral("'{'");
    case Token::Close:
        return QStringLiteral("'}'");
    case Token::Semicolon:
        return QStringLiteral("';'");
    case Token::End:
        return QStringLiteral("end of file");
    case Token::Word:
    case Token::String:
        break;
    }
    const QString text = QString::fromLatin1(token.text.left(40));
    return u'\'' + text + (token.text.size() > 40 ? QStringLiteral("...'") : QStringLiteral("'"));
}

// The grammar: key NAME { algorithm ALG; secret "B64"; }; -- clauses in any order, once each.
class Parser
{
public:
    explicit Parser(QByteArrayView text)
        : m_lexer(text)
    {}

    std::optional<GroupKey> run()
    {
        if (!keyStatement() || !endOfFile())
            return std::nullopt;
        return makeKey();
    }

    const QString &error() const { return m_error; }

private:
    bool take(Token &token)
    {
        const std::optional<Token> next = m_lexer.next();
        if (!next) {
            m_error = m_lexer.error();
            return false;
        }
        token = *next;
        return true;
    }

    bool fail(const Token &token, const QString &expected)
    {
        m_error = QStringLiteral("expected %1 but found %2 on line %3")
                      .arg(expected, describe(token))
                      .arg(token.line);
        return false;
    }

    bool expect(Token::Kind kind, const QString &expected)
    {
        Token token;
        if (!take(token))
            return false;
        return token.kind == kind || fail(token, expected);
    }

    bool keyStatement()
    {
        Token token;
        if (!take(token))
            return false;
        if (token.kind == Token::End) {
            m_error = QStringLiteral("no key statement in the file");
            return false;
        }
        if (token.kind != Token::Word || token.text.toLower() != "key")
            return fail(token, QStringLiteral("'key'"));
        if (!take(token))
            return false;
        if (token.kind != Token::Word && token.kind != Token::String)
            return fail(token, QStringLiteral("a key name"));
        m_name = token;
        return expect(Token::Open, QStringLiteral("'{'")) && clauses() &&
               expect(Token::Semicolon, QStringLiteral("';' after '}'"));
    }

    bool clauses()
    {
        for (;;) {
            Token token;
            if (!take(token))
                return false;
            if (token.kind == Token::Close)
                return true;
            if (token.kind != Token::Word)
                return fail(token, QStringLiteral("'algorithm', 'secret' or '}'"));
            const QByteArray clause = token.text.toLower();
            if (clause == "algorithm" && !value(token, m_algorithm))
                return false;
            if (clause == "secret" && !value(token, m_secret))
                return false;
            if (clause != "algorithm" && clause != "secret")
                return fail(token, QStringLiteral("'algorithm', 'secret' or '}'"));
        }
    }

    bool value(const Token &clause, std::optional<Token> &slot)
    {
        if (slot) {
            m_error = QStringLiteral("%1 given twice on line %2")
                          .arg(QString::fromLatin1(clause.text))
                          .arg(clause.line);
            return false;
        }
        Token token;
        if (!take(token))
            return false;
        if (token.kind != Token::Word && token.kind != Token::String)
            return fail(token, QStringLiteral("a value"));
        slot = token;
        return expect(Token::Semicolon, QStringLiteral("';'"));
    }

    bool endOfFile()
    {
        Token token;
        if (!take(token))
            return false;
        if (token.kind == Token::End)
            return true;
        if (token.kind == Token::Word && token.text.toLower() == "key") {
            m_error =
                QStringLiteral("more than one key in the file (second on line %1)").arg(token.line);
            return false;
        }
        return fail(token, QStringLiteral("end of file"));
    }

    std::optional<GroupKey> makeKey()
    {
        if (!m_algorithm || !m_secret) {
            m_error =
                QStringLiteral("key has no %1")
                    .arg(m_algorithm ? QStringLiteral("secret") : QStringLiteral("algorithm"));
            return std::nullopt;
        }
        QByteArray algorithm = m_algorithm->text.toLower();
        if (algorithm.endsWith('.'))
            algorithm.chop(1);
        if (algorithm != "hmac-sha256") {
            m_error = QStringLiteral("unsupported algorithm %1 on line %2 (only hmac-sha256)")
                          .arg(describe(*m_algorithm))
                          .arg(m_algorithm->line);
            return std::nullopt;
        }
        QByteArray name = m_name.text;
        if (name.endsWith('.'))
            name.chop(1);
        QString why;
        std::optional<GroupKey> key = GroupKey::fromBase64(
            QString::fromLatin1(name), QString::fromLatin1(m_secret->text), &why);
        if (!key)
            m_error = QStringLiteral("key %1: %2").arg(describe(m_name), why);
        return key;
    }

    Lexer m_lexer;
    QString m_error;
    Token m_name;
    std::optional<Token> m_algorithm;
    std::optional<Token> m_secret;
};

} // namespace

std::optional<GroupKey> KeyFile::parse(QByteArrayView text, QString *error)
{
    Parser parser(text);
    std::optional<GroupKey> key = parser.run();
    if (!key && error)
        *error = parser.error();
    return key;
}

std::optional<GroupKey> KeyFile::read(const QString &path, QString *error)
{
    // A FIFO would block the open, a device could be endless: only regular files are read.
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        if (error)
            *error = QStringLiteral("%1 is not a regular file").arg(path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // Read one byte past the limit rather than trusting size(): the file may be growing.
    const QByteArray text = file.read(maxFileSize + 1);
    if (text.size() > maxFileSize) {
        if (error)
            *error = QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxFileSize);
        return std::nullopt;
    }
    std::optional<GroupKey> key = parse(text, error);
    if (!key && error)
        *error = path + QStringLiteral(": ") + *error;
    return key;
}

} // namespace Shoal
