package io.sluice.alert.channel;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * E-mail over SMTP with Jakarta Mail (Angus): a UTF-8 plain-text mail whose subject is
 * {@code settings.subject} rendered (default: the message title) and whose body is the rendered
 * template. Settings: {@code host}, {@code port} (25), {@code username}/{@code password} (optional,
 * AUTH), {@code startTls} (false: STARTTLS required when true), {@code ssl} (false: SMTPS),
 * {@code from}, {@code to} (list or comma-separated). Jakarta Mail blocks, so each attempt runs on
 * {@code io} (a bounded elastic scheduler), bounded by the timeout for connect, read and write.
 * SMTP 5xx replies and rejected credentials are not retried; 4xx and I/O failures are.
 */
public class EmailSender implements ChannelSender {

    private final MessageTemplates templates;
    private final Duration timeout;
    private final Scheduler io;
    private final Clock clock;

    /**
     * @param templates renders {@code settings.subject}
     * @param timeout bound of connecting, and of each read and write
     * @param io where the blocking SMTP conversation runs
     * @param clock the mail's Date header
     */
    public EmailSender(MessageTemplates templates, Duration timeout, Scheduler io, Clock clock) {
        this.templates = templates;
        this.timeout = timeout;
        this.io = io;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public void validate(Map<String, Object> settings, Map<String, String> errors) {
        String host = ChannelSettings.string(settings, "host");
        if (host == null) {
            errors.put("settings.host", "is required: the SMTP server's host name");
        }
        try {
            int port = ChannelSettings.integer(settings, "port", 25);
            if (port < 1 || port > 65535) {
                errors.put("settings.port", "must be between 1 and 65535");
            }
        } catch (NumberFormatException e) {
            errors.put("settings.port", "must be a number");
        }
        String from = ChannelSettings.string(settings, "from");
        if (from == null) {
            errors.put("settings.from", "is required: the sender address");
        } else if (addressProblem(from) != null) {
            errors.put("settings.from", addressProblem(from));
        }
        List<String> to = ChannelSettings.strings(settings, "to");
        if (to.isEmpty()) {
            errors.put("settings.to", "is required: one or more recipient addresses");
        } else {
            to.stream().map(EmailSender::addressProblem).filter(p -> p != null).findFirst().ifPresent(p -> errors.put("settings.to", p));
        }
        if (ChannelSettings.string(settings, "password") != null && ChannelSettings.string(settings, "username") == null) {
            errors.put("settings.username", "is required when a password is given");
        }
        String subject = ChannelSettings.string(settings, "subject");
        if (subject != null) {
            String problem = templates.problem(subject);
            if (problem != null) {
                errors.put("settings.subject", problem);
            }
        }
    }

    @Override
    public Mono<Void> send(Channel channel, Message message) {
        return Mono.<Void>fromRunnable(() -> deliver(channel, message)).subscribeOn(io);
    }

    private void deliver(Channel channel, Message message) {
        Map<String, Object> s = channel.settings();
        boolean ssl = ChannelSettings.bool(s, "ssl", false);
        String protocol = ssl ? "smtps" : "smtp";
        String millis = Long.toString(timeout.toMillis());
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", ChannelSettings.string(s, "host"));
        props.put("mail." + protocol + ".port", Integer.toString(ChannelSettings.integer(s, "port", 25)));
        props.put("mail." + protocol + ".connectiontimeout", millis);
        props.put("mail." + protocol + ".timeout", millis);
        props.put("mail." + protocol + ".writetimeout", millis);
        String username = ChannelSettings.string(s, "username");
        props.put("mail." + protocol + ".auth", Boolean.toString(username != null));
        if (ChannelSettings.bool(s, "startTls", false)) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(ChannelSettings.string(s, "from"), true));
            for (String to : ChannelSettings.strings(s, "to")) {
                mail.addRecipient(RecipientType.TO, new InternetAddress(to, true));
            }
            String subjectTemplate = ChannelSettings.string(s, "subject");
            String subject = subjectTemplate == null ? message.title() : templates.render(subjectTemplate, channel, message.notification());
            mail.setSubject(subject.replaceAll("[\\r\\n]+", " ").trim(), "UTF-8");
            mail.setText(message.text(), "UTF-8");
            mail.setSentDate(Date.from(clock.instant()));
            Transport transport = session.getTransport(protocol);
            try {
                transport.connect(username, ChannelSettings.string(s, "password"));
                transport.sendMessage(mail, mail.getAllRecipients());
            } finally {
                transport.close();
            }
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    static DeliveryException classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return new DeliveryException("SMTP authentication failed: " + e.getMessage(), false);
        }
        if (e instanceof AddressException) {
            return new DeliveryException("invalid address: " + e.getMessage(), false);
        }
        int code = replyCode(e);
        if (code > 0) {
            return new DeliveryException("SMTP " + code + ": " + oneLine(e.getMessage()), code < 500);
        }
        Throwable cause = e;
        while (cause != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        String what = cause == null ? oneLine(e.getMessage()) : cause.toString();
        return new DeliveryException("cannot send the mail: " + what, true);
    }

    private static int replyCode(MessagingException e) {
        Exception next = e;
        for (int depth = 0; next != null && depth < 8; depth++) {
            if (next instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
            if (next instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
            if (next instanceof SMTPSenderFailedException f) {
                return f.getReturnCode();
            }
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        if (e instanceof SendFailedException) {
            return 550;
        }
        return -1;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String addressProblem(String address) {
        try {
            new InternetAddress(address, true).validate();
            return null;
        } catch (AddressException e) {
            return "not a valid e-mail address: " + address;
        }
    }
}
