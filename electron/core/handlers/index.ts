/** Every channel's handler: one file a domain, as the contract is. Main registers them only through the router. */
import type { ServiceDeps } from "../app-types.js";
import { appHandlers } from "./app.js";
import { chatHandlers } from "./chat.js";
import { collectionsHandlers } from "./collections.js";
import { documentsHandlers } from "./documents.js";
import type { AllHandlers } from "./domain.js";
import { engineHandlers } from "./engine.js";
import { enginesHandlers } from "./engines.js";
import { evaluateHandlers } from "./evaluate.js";
import { historyHandlers } from "./history.js";
import { homeworkHandlers } from "./homework.js";
import { localApiHandlers } from "./local-api.js";
import { modelsHandlers } from "./models.js";
import { networkHandlers } from "./network.js";
import { settingsHandlers } from "./settings.js";
import { uploadsHandlers } from "./uploads.js";

export function createHandlers(deps: ServiceDeps): AllHandlers {
  return {
    ...appHandlers(deps),
    ...settingsHandlers(deps),
    ...engineHandlers(deps),
    ...modelsHandlers(deps),
    ...evaluateHandlers(deps),
    ...networkHandlers(deps),
    ...documentsHandlers(deps),
    ...collectionsHandlers(deps),
    ...homeworkHandlers(),
    ...chatHandlers(deps),
    ...historyHandlers(deps),
    ...localApiHandlers(deps),
    ...enginesHandlers(deps),
    ...uploadsHandlers(deps),
  };
}
