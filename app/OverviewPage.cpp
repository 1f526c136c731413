#include "app/OverviewPage.h"

#include "app/AnswerChart.h"
#include "app/DisplayText.h"
#include "app/StatusModel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QStringList>
#include <QVBoxLayout>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

OverviewPage::OverviewPage(const StatusModel &status, QWidget *parent)
    : QWidget(parent)
    , m_status(status)
{
    auto *form = new QFormLayout;
    m_state = addValue(form, tr("State:"), u"state"_s);
    m_outageSince = addValue(form, tr("Outage since:"), u"outageSince"_s);
    m_upstreams = addValue(form, tr("DNS servers:"), u"upstreams"_s);
    m_cacheAnswers = addValue(form, tr("Answered from the cache:"), u"cacheAnswers"_s);
    m_staleAnswers = addValue(form, tr("Answered stale:"), u"staleAnswers"_s);
    m_peerAnswers = addValue(form, tr("Answered by peers:"), u"peerAnswers"_s);
    m_upstreamAnswers = addValue(form, tr("Answered by a DNS server:"), u"upstreamAnswers"_s);
    m_failures = addValue(form, tr("Failed:"), u"failures"_s);
    m_cacheSize = addValue(form, tr("Cache:"), u"cacheSize"_s);
    m_daemon = addValue(form, tr("Daemon:"), u"daemon"_s);

    auto *chartBox = new QGroupBox(tr("Answers by source"), this);
    m_chart = new AnswerChart(status.history(), chartBox);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->addWidget(m_chart);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(chartBox, 1);

    connect(&status, &StatusModel::changed, this, &OverviewPage::update);
    update();
}

QLabel *OverviewPage::addValue(QFormLayout *form, const QString &label, const QString &name)
{
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setAccessibleName(label.chopped(1).trimmed());
    form->addRow(label, value);
    return value;
}

QString OverviewPage::failuresText(int failures) const
{
    return failures == 1 ? tr("%1 does not answer (%n failure in a row)", nullptr, failures)
                         : tr("%1 does not answer (%n failures in a row)", nullptr, failures);
}

QString OverviewPage::upstreamText() const
{
    QStringList lines;
    for (const Control::Upstream &upstream : m_status.status().upstreams) {
        const QString where = upstream.address.contains(u':')
                                  ? u"[%1]:%2"_s.arg(upstream.address).arg(upstream.port)
                                  : u"%1:%2"_s.arg(upstream.address).arg(upstream.port);
        lines.append(upstream.up ? tr("%1 answers (%2 ms)").arg(where).arg(upstream.srttMs)
                                 : failuresText(upstream.failures).arg(where));
    }
    return lines.isEmpty() ? tr("none configured") : lines.join(u'\n');
}

QString OverviewPage::answerText(quint64 count) const
{
    const quint64 queries = m_status.status().totals.queries;
    const QLocale locale;
    if (queries == 0)
        return locale.toString(count);
    return tr("%1 (%2 %)")
        .arg(locale.toString(count),
             locale.toString(100.0 * double(count) / double(queries), 'f', 1));
}

void OverviewPage::update()
{
    const Control::Status &status = m_status.status();
    const bool known = m_status.hasStatus();
    m_state->setText(DisplayText::stateLine(m_status));
    m_outageSince->setText(status.outage && known ? DisplayText::time(status.outageSinceMs)
                                                  : tr("no outage"));
    m_upstreams->setText(known ? upstreamText() : tr("unknown"));
    m_cacheAnswers->setText(answerText(status.totals.cacheHits));
    m_staleAnswers->setText(answerText(status.totals.staleAnswers));
    m_peerAnswers->setText(answerText(status.totals.peerAnswers));
    m_upstreamAnswers->setText(answerText(status.totals.upstreamAnswers));
    m_failures->setText(answerText(status.totals.failures));
    m_cacheSize->setText(tr("%1 entries, %2 of %3")
                             .arg(QLocale().toString(status.cacheEntries),
                                  DisplayText::bytes(status.cacheBytes),
                                  DisplayText::bytes(status.cacheCapacityBytes)));
    m_daemon->setText(
        known ? tr("shoald %1, listening on %2").arg(status.version, status.listen.join(u", "_s))
              : tr("unknown"));
    m_chart->update();
}

} // namespace Shoal::Tray
