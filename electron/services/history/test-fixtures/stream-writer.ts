/** Test fixture: streams chunks into a message forever, printing each committed chunk, until killed. */
import { HistoryStore } from "../history-store.js";

const [file] = process.argv.slice(2);
const store = HistoryStore.openFile(file!);
const conversation = store.createConversation();
const question = store.addMessage({
  conversationId: conversation.id,
  parentId: null,
  role: "user",
  content: "Count for me",
});
const answer = store.addMessage({ conversationId: conversation.id, parentId: question.id, role: "assistant" });
console.log(`message ${answer.id}`);
let n = 0;
setInterval(() => {
  store.appendToMessage(answer.id, { content: `chunk ${n} `, reasoning: n === 0 ? "thinking " : "" });
  console.log(`saved ${n}`);
  n++;
}, 5);
