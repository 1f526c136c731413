#include "ReplyWriter.h"
#include "service/cache/AnswerRenderer.h"
#include "service/cache/Cache.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"

#include <QTest>
#include <atomic>
#include <cstdlib>
#include <new>

// Counts every allocation in this test program, so the test can prove that the cache-hit path
// (lookup and render) allocates nothing.
namespace {
std::atomic<long> allocations{0};
}

void *operator new(std::size_t size)
{
    ++allocations;
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

void operator delete(void *p) noexcept
{
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    std::free(p);
}

using namespace Shoal;

namespace {

constexpr std::uint16_t typeA = 1, typeSoa = 6;
constexpr std::size_t bufferSize = 65536 + 512;

struct Rendered
{
    QByteArray bytes;
    Dns::Message message;
};

StoredAnswer storeReply(const QByteArray &wire, qint64 nowMs)
{
    auto answer = StoredAnswer::fromReply(Dns::Message::parse(wire), wire, nowMs, CacheLimits(),
                                          AnswerSource::upstream());
    Q_ASSERT(answer);
    return std::move(*answer);
}

QByteArray aReply(int records = 1, std::uint32_t ttl = 300)
{
    ReplyWriter writer(u"www.example.test"_qs, typeA);
    for (int i = 0; i < records; ++i)
        writer.answer(u"www.example.test"_qs, typeA, ttl, ReplyWriter::a("192.0.2.1"));
    return writer.wire();
}

Dns::QueryView view(const QByteArray &query)
{
    Dns::QueryView parsed;
    const auto error = Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(query.constData()),
                                       std::size_t(query.size()), parsed);
    Q_ASSERT(error == Dns::ParseError::None);
    return parsed;
}

Rendered render(const StoredAnswer &answer, const QByteArray &query, qint64 nowMs,
                RenderMode mode = RenderMode::Fresh, bool udp = true)
{
    std::vector<std::uint8_t> buffer(bufferSize);
    const std::size_t size =
        AnswerRenderer::render(answer, view(query), nowMs, mode, buffer.data(), buffer.size(), udp);
    Rendered rendered;
    rendered.bytes = QByteArray(reinterpret_cast<const char *>(buffer.data()), qsizetype(size));
    rendered.message = Dns::Message::parse(rendered.bytes);
    return rendered;
}

std::optional<std::uint16_t> edeCode(const Dns::Message &message)
{
    if (!message.edns)
        return std::nullopt;
    for (const Dns::EdnsOption &option : message.edns->options) {
        if (option.code == Dns::ednsOptionExtendedError && option.data.size() >= 2)
            return Dns::readU16(reinterpret_cast<const std::uint8_t *>(option.data.constData()));
    }
    return std::nullopt;
}

} // namespace

class TestAnswerRenderer : public QObject
{
    Q_OBJECT

private slots:
    void idFlagsAndCaseComeFromTheQuery()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(), clock.nowMs());
        const QByteArray query = TestDns::query(0xbeef, u"WwW.ExAmple.TEST"_qs, typeA, false, false,
                                                0x0110); // RD and CD
        const Rendered rendered = render(answer, query, clock.nowMs());
        QVERIFY2(rendered.message.ok(), Dns::parseErrorName(rendered.message.error));
        const Dns::Header &header = rendered.message.header;
        QCOMPARE(header.id, 0xbeef);
        QCOMPARE(header.flags, std::uint16_t(0x8190)); // QR RD RA CD, AA clear, NOERROR
        QCOMPARE(rendered.message.questions[0].name, TestDns::wireName(u"WwW.ExAmple.TEST"_qs));
        QCOMPARE(rendered.message.answers.size(), std::size_t(1));
        // The owner points at the question, so it reads back in the client's spelling.
        QCOMPARE(rendered.message.answers[0].name, TestDns::wireName(u"WwW.ExAmple.TEST"_qs));
        QVERIFY(!rendered.message.edns);

        const QByteArray noRd = TestDns::query(1, u"www.example.test"_qs, typeA, false, false, 0);
        QCOMPARE(render(answer, noRd, clock.nowMs()).message.header.flags, std::uint16_t(0x8080));
    }

    void ttlsCountDownWithTheClock()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(1, 300), clock.nowMs());
        const QByteArray query = TestDns::query(1, u"www.example.test"_qs, typeA, false);
        QCOMPARE(render(answer, query, clock.nowMs()).message.answers[0].ttl, 300u);
        clock.advanceMs(100'999);
        QCOMPARE(render(answer, query, clock.nowMs()).message.answers[0].ttl, 200u);
        clock.advanceMs(1);
        QCOMPARE(render(answer, query, clock.nowMs()).message.answers[0].ttl, 199u);
        clock.advanceMs(1'000'000);
        QCOMPARE(render(answer, query, clock.nowMs()).message.answers[0].ttl, 0u);
    }

    void staleAnswersSayStaleWithTtl30()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(1, 300), clock.nowMs());
        clock.advanceMs(3600'000);
        const QByteArray query = TestDns::query(1, u"www.example.test"_qs, typeA, true);
        const Rendered rendered = render(answer, query, clock.nowMs(), RenderMode::Stale);
        QVERIFY(rendered.message.ok());
        QCOMPARE(rendered.message.answers[0].ttl, AnswerRenderer::staleTtl);
        QCOMPARE(edeCode(rendered.message), std::uint16_t(Dns::EdeCode::StaleAnswer));

        const QByteArray plain = TestDns::query(1, u"www.example.test"_qs, typeA, false);
        const Rendered withoutEdns = render(answer, plain, clock.nowMs(), RenderMode::Stale);
        QVERIFY(withoutEdns.message.ok());
        QVERIFY(!withoutEdns.message.edns);
        QCOMPARE(withoutEdns.message.answers[0].ttl, AnswerRenderer::staleTtl);
    }

    void staleNxdomainHasItsOwnCode()
    {
        ManualClock clock;
        const QByteArray wire = ReplyWriter(u"nope.example.test"_qs, typeA, 3)
                                    .authority(u"example.test"_qs, typeSoa, 600,
                                               ReplyWriter::soa(u"ns.example.test"_qs, 600))
                                    .wire();
        const StoredAnswer answer = storeReply(wire, clock.nowMs());
        const QByteArray query = TestDns::query(1, u"nope.example.test"_qs, typeA, true);
        const Rendered rendered = render(answer, query, clock.nowMs(), RenderMode::Stale);
        QVERIFY(rendered.message.ok());
        QCOMPARE(rendered.message.header.rcode(), 3);
        QCOMPARE(rendered.message.authorities[0].ttl, AnswerRenderer::staleTtl);
        QCOMPARE(edeCode(rendered.message), std::uint16_t(Dns::EdeCode::StaleNxDomainAnswer));
        QVERIFY(!edeCode(render(answer, query, clock.nowMs()).message));
    }

    void optEchoesDoAndAdvertises1232()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(), clock.nowMs());
        const QByteArray query =
            TestDns::query(1, u"www.example.test"_qs, typeA, true, true, 0x0100, 4096);
        const Rendered rendered = render(answer, query, clock.nowMs());
        QVERIFY(rendered.message.ok());
        QVERIFY(rendered.message.edns);
        QVERIFY(rendered.message.edns->dnssecOk);
        QCOMPARE(rendered.message.edns->udpPayloadSize, AnswerRenderer::udpPayloadSize);
        QVERIFY(rendered.message.edns->options.empty());
        QCOMPARE(rendered.message.header.additionalCount, 1);

        const QByteArray noDo = TestDns::query(1, u"www.example.test"_qs, typeA, true, false);
        QVERIFY(!render(answer, noDo, clock.nowMs()).message.edns->dnssecOk);
    }

    void largeUdpAnswerIsTruncatedWithoutEdns()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(40), clock.nowMs()); // ~700 bytes
        QVERIFY(answer.wire().size() > 512);
        const QByteArray plain = TestDns::query(9, u"www.example.test"_qs, typeA, false);
        const Rendered truncated = render(answer, plain, clock.nowMs());
        QVERIFY(truncated.message.ok());
        QVERIFY(truncated.message.header.isTruncated());
        QCOMPARE(truncated.message.header.id, 9);
        QVERIFY(truncated.message.answers.empty());
        QCOMPARE(truncated.message.questions.size(), std::size_t(1));

        const Rendered overTcp = render(answer, plain, clock.nowMs(), RenderMode::Fresh, false);
        QVERIFY(!overTcp.message.header.isTruncated());
        QCOMPARE(overTcp.message.answers.size(), std::size_t(40));

        const QByteArray edns = TestDns::query(9, u"www.example.test"_qs, typeA, true);
        const Rendered big = render(answer, edns, clock.nowMs());
        QVERIFY(!big.message.header.isTruncated());
        QCOMPARE(big.message.answers.size(), std::size_t(40));

        const QByteArray small =
            TestDns::query(9, u"www.example.test"_qs, typeA, true, false, 0x100, 512);
        const Rendered truncatedEdns = render(answer, small, clock.nowMs());
        QVERIFY(truncatedEdns.message.header.isTruncated());
        QVERIFY(truncatedEdns.message.edns);
    }

    void tooSmallBufferOrWrongEntryRendersNothing()
    {
        ManualClock clock;
        const StoredAnswer answer = storeReply(aReply(), clock.nowMs());
        const QByteArray query = TestDns::query(1, u"www.example.test"_qs, typeA, false);
        std::vector<std::uint8_t> buffer(20);
        QCOMPARE(AnswerRenderer::render(answer, view(query), clock.nowMs(), RenderMode::Fresh,
                                        buffer.data(), buffer.size(), false),
                 std::size_t(0));
        const QByteArray otherName = TestDns::query(1, u"www.example.tests"_qs, typeA, false);
        QVERIFY(render(answer, otherName, clock.nowMs()).bytes.isEmpty());
        QVERIFY(render(StoredAnswer(), query, clock.nowMs()).bytes.isEmpty());
    }

    void cacheHitPathDoesNotAllocate()
    {
        ManualClock clock;
        Counters counters;
        Cache cache(CacheLimits(), counters, clock);
        const QByteArray wire = aReply(3);
        QVERIFY(cache.insert(Dns::cacheKey(TestDns::wireName(u"www.example.test"_qs), typeA, 1),
                             storeReply(wire, clock.nowMs())));
        const QByteArray query = TestDns::query(7, u"WWW.example.test"_qs, typeA, true, true);
        std::vector<std::uint8_t> buffer(bufferSize);
        clock.advanceMs(10'000);

        const long before = allocations.load();
        const Dns::QueryView parsed = view(query);
        const Cache::LookupResult hit = cache.lookup(parsed.keyView(), clock.nowMs());
        const std::size_t size =
            hit.entry ? AnswerRenderer::render(*hit.entry, parsed, clock.nowMs(), RenderMode::Fresh,
                                               buffer.data(), buffer.size(), true)
                      : 0;
        const long during = allocations.load() - before;

        QCOMPARE(hit.freshness, Cache::Freshness::Fresh);
        QVERIFY(size > 0);
        QCOMPARE(during, 0L);
        const Dns::Message message = Dns::Message::parse(
            QByteArrayView(reinterpret_cast<const char *>(buffer.data()), qsizetype(size)));
        QVERIFY(message.ok());
        QCOMPARE(message.answers[0].ttl, 290u);
    }
};

QTEST_APPLESS_MAIN(TestAnswerRenderer)
#include "TestAnswerRenderer.moc"
