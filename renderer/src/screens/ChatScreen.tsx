import { forwardRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ThreadMessage } from "../../../electron/shared/history-schemas";
import { type HomeworkMode, modePresets } from "../../../electron/shared/homework-modes";
import { ConversationActions } from "../components/ConversationActions";
import { AgreementPanel, AttemptsProgress } from "../components/chat/AgreementPanel";
import { serverNameFor } from "../components/chat/AnsweredBy";
import { AssistantMessage } from "../components/chat/AssistantMessage";
import { AttachmentBar } from "../components/chat/AttachmentBar";
import { Composer } from "../components/chat/Composer";
import { MessageList } from "../components/chat/MessageList";
import { SettingsDrawer } from "../components/chat/SettingsDrawer";
import { SourcePanel } from "../components/chat/SourcePanel";
import { UserMessage } from "../components/chat/UserMessage";
import { EngineSelect } from "../components/engines/EngineSelect";
import { AttemptsSelect } from "../components/homework/AttemptsSelect";
import { ModeSelect } from "../components/homework/ModeSelect";
import { VerdictBadge } from "../components/homework/VerdictBadge";
import { useAppStore } from "../stores/app-store";
import { jobPercent, useAttachmentsStore } from "../stores/attachments-store";
import { useChatStore } from "../stores/chat-store";
import { useConversationsStore } from "../stores/conversations-store";
import { useEngineStore } from "../stores/engine-store";
import { useEnginesStore } from "../stores/engines-store";
import { ChatCollectionSelect, ChatCollectionUsage, citeFor } from "./ChatCollections";
import { homeworkParts } from "./HomeworkParts";

type Item =
  | { type: "stored"; message: ThreadMessage }
  | { type: "pending-question"; text: string }
  | { type: "live-answer" };

function reasoningSeconds(message: ThreadMessage): number | null {
  const m = message.metrics;
  if (!m || m.ttftMs === null) return null;
  return ((m.ttfatMs ?? m.totalMs) - m.ttftMs) / 1000;
}

export const ChatScreen = forwardRef<HTMLTextAreaElement>(function ChatScreen(_props, composerRef) {
  const { t } = useTranslation();
  const chat = useChatStore();
  const attachments = useAttachmentsStore();
  const mode: HomeworkMode = chat.settings.mode ?? "general";
  const setMode = (next: HomeworkMode) =>
    void chat.updateSettings({
      ...chat.settings,
      mode: next,
      temperature: modePresets[next].temperature,
      topP: modePresets[next].topP,
    });
  const modelLoaded = useEngineStore((s) => s.status?.model != null);
  const loadingModel = useEngineStore((s) => (s.status?.state === "loading" ? (s.status.loading ?? null) : null));
  const go = useAppStore((s) => s.go);
  const engines = useEnginesStore((s) => s.engines);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const live = chat.live;
  const reading = attachments.job;
  const readingPercent = reading ? jobPercent(reading) : null;
  const waitingFor = reading
    ? readingPercent === null
      ? t("documents.reading", { name: reading.name })
      : t("chat.waitingForFile", { name: reading.name, percent: readingPercent })
    : null;

  const items: Item[] = chat.messages.map((message) => ({ type: "stored", message }));
  if (live?.pendingQuestion) items.push({ type: "pending-question", text: live.pendingQuestion });
  if (live) items.push({ type: "live-answer" });

  const lastQuestionId = chat.messages.findLast((q) => q.role === "user")?.id;
  const renderItem = (index: number) => {
    const item = items[index]!;
    // The live question and answer are wrapped and keyed as their stored messages will be, so React
    // keeps the same components when the stream ends: nothing is redrawn from empty, nothing jumps.
    if (item.type === "pending-question")
      return (
        <div data-message-id={live?.userMessage?.id}>
          <UserMessage text={item.text} />
        </div>
      );
    if (item.type === "live-answer") {
      return (
        <div data-message-id={live!.assistantId ?? undefined}>
          <AssistantMessage
            answer={live!.answer}
            reasoning={live!.reasoning}
            streaming
            status="streaming"
            error={null}
            metrics={null}
            reasoningSeconds={live!.answerStartedAt ? (live!.answerStartedAt - live!.startedAt) / 1000 : null}
            reasoningTokens={live!.reasoningTokens}
            queuePosition={live!.queuePosition}
            notices={live!.notices}
            onAnswerNow={live!.assistantId && !live!.attempts ? () => chat.answerNow() : undefined}
            aboveAnswer={
              live!.attempts ? (
                <AttemptsProgress attempts={live!.attempts} />
              ) : mode === "logic" ? (
                <VerdictBadge answer={live!.answer} streaming />
              ) : undefined
            }
          />
        </div>
      );
    }
    const m = item.message;
    const focused = m.id === chat.focusMessageId;
    const branch =
      m.siblingCount > 1
        ? {
            index: m.siblingIndex,
            count: m.siblingCount,
            onSelect: (i: number) => void chat.selectBranch(m.siblingIds[i]!),
          }
        : undefined;
    if (m.role === "user") {
      return (
        <div data-message-id={m.id} className={focused ? "focused" : undefined}>
          <UserMessage
            text={m.content}
            attachments={m.attachments.filter((a) => a.kind !== "collection")}
            branch={branch}
            onEdit={live ? undefined : (text) => chat.edit(m.id, text)}
          />
          <ChatCollectionUsage message={m} latest={m.id === lastQuestionId} />
        </div>
      );
    }
    const question = chat.messages.find((q) => q.id === m.parentId);
    const parts = homeworkParts(mode, m, question?.content ?? "");
    return (
      <div data-message-id={m.id} className={focused ? "focused" : undefined}>
        <AssistantMessage
          onCite={citeFor(question)}
          aboveAnswer={
            m.agreement ? (
              <>
                {parts.above}
                <AgreementPanel agreement={m.agreement} />
              </>
            ) : (
              parts.above
            )
          }
          belowAnswer={parts.below}
          answer={m.content}
          reasoning={m.reasoning}
          streaming={false}
          status={m.status}
          error={m.error}
          errorFault={m.errorFault}
          answeredBy={{ engine: m.engine, model: m.model, serverName: serverNameFor(engines, m.engine, m.model) }}
          metrics={m.metrics}
          reasoningSeconds={reasoningSeconds(m)}
          reasoningTokens={m.metrics?.reasoningTokens ?? 0}
          branch={branch}
          onRegenerate={live || !m.parentId ? undefined : () => chat.regenerate(m.parentId!)}
          finishReason={m.finishReason}
          reasoningCut={m.reasoningCut}
          onAnswerNow={
            !live && m.finishReason === "looping" && m.content === "" && m.reasoning.trim()
              ? () => chat.continueAnswer(m.id)
              : undefined
          }
        />
      </div>
    );
  };

  return (
    <section className="chat-screen" aria-label={t("nav.chat")}>
      <header className="chat-header">
        <button type="button" onClick={() => chat.newChat()}>
          {t("chat.newChat")}
        </button>
        <button type="button" onClick={() => setSettingsOpen((v) => !v)} aria-expanded={settingsOpen}>
          {t("chat.settings")}
        </button>
        {chat.conversationId && chat.messages.length > 0 && (
          <ConversationActions
            onExport={(format) => void useConversationsStore.getState().exportOne(chat.conversationId!, format)}
            onPrint={() => void useConversationsStore.getState().print(chat.conversationId!)}
          />
        )}
      </header>
      <div className="chat-body">
        {items.length === 0 ? (
          <p className="chat-empty">{t("chat.empty")}</p>
        ) : (
          <MessageList
            count={items.length}
            renderItem={renderItem}
            itemKey={(i) => {
              const item = items[i]!;
              if (item.type === "stored") return item.message.id;
              const id = item.type === "live-answer" ? live?.assistantId : live?.userMessage?.id;
              return id ?? item.type;
            }}
            followKey={live ? live.answer.length + live.reasoning.length : chat.messages.length}
            focusIndex={
              chat.focusMessageId
                ? items.findIndex((i) => i.type === "stored" && i.message.id === chat.focusMessageId)
                : null
            }
          />
        )}
        <SourcePanel source={attachments.source} error={attachments.sourceError} onClose={attachments.closeSource} />
        {settingsOpen && (
          <SettingsDrawer
            settings={chat.settings}
            onChange={(s) => void chat.updateSettings(s)}
            onClose={() => setSettingsOpen(false)}
          />
        )}
      </div>
      {chat.error && (
        <p className="error-banner" role="alert">
          {chat.error}
        </p>
      )}
      <Composer
        attachmentBar={
          <AttachmentBar
            ready={attachments.ready}
            job={attachments.job}
            error={attachments.error}
            onRemove={attachments.remove}
            onCancel={attachments.cancel}
            onDismissError={attachments.dismissError}
          />
        }
        onAttach={(file) => void attachments.attach(file)}
        waitingFor={waitingFor}
        modelLoading={
          loadingModel
            ? t("chat.modelLoading", { file: loadingModel.file, percent: Math.round(loadingModel.progress * 100) })
            : null
        }
        toolbar={
          <>
            <ModeSelect mode={mode} onChange={setMode} />
            {mode === "math" && (
              <AttemptsSelect
                attempts={chat.settings.attempts}
                onChange={(attempts) => {
                  const { attempts: _, ...rest } = chat.settings;
                  void chat.updateSettings(attempts ? { ...rest, attempts } : rest);
                }}
              />
            )}
            <EngineSelect value={chat.engine} onChange={(choice) => void chat.chooseEngine(choice)} />
            <ChatCollectionSelect />
          </>
        }
        ref={composerRef}
        busy={live !== null}
        modelLoaded={modelLoaded || chat.engine !== null}
        onSend={(text) => chat.send(text)}
        onStop={() => chat.stop()}
        onOpenModels={() => go("models")}
      />
      <div className="sr-only" aria-live="polite" data-testid="live-region">
        {chat.announcement === "start"
          ? t("chat.announceStart")
          : chat.announcement === "end"
            ? t("chat.announceEnd")
            : ""}
      </div>
    </section>
  );
});
