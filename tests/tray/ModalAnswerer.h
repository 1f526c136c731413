#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

namespace Shoal::Test {

// Answers modal dialogs from inside their exec(), as a person would: every few milliseconds
// it looks for the active modal widget and hands it to the test's function. Message boxes are
// recorded (their text) before the function sees them.
class ModalAnswerer : public QObject
{
public:
    using Answer = std::function<void(QWidget *dialog)>;

    explicit ModalAnswerer(Answer answer)
        : m_answer(std::move(answer))
    {
        connect(&m_timer, &QTimer::timeout, this, &ModalAnswerer::poll);
        m_timer.start(10);
    }

    // Clicks `button` in every message box that opens.
    static Answer clickButton(QMessageBox::StandardButton button)
    {
        return [button](QWidget *dialog) {
            if (auto *box = qobject_cast<QMessageBox *>(dialog))
                box->button(button) ? box->button(button)->click() : box->reject();
        };
    }

    int answered() const { return m_answered; }
    QStringList messages() const { return m_messages; }

private:
    void poll()
    {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog || dialog == m_last)
            return;
        m_last = dialog;
        if (auto *box = qobject_cast<QMessageBox *>(dialog))
            m_messages.append(box->text());
        ++m_answered;
        m_answer(dialog);
    }

    Answer m_answer;
    QTimer m_timer;
    QPointer<QWidget> m_last;
    int m_answered = 0;
    QStringList m_messages;
};

} // namespace Shoal::Test
