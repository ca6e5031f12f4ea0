#!/usr/bin/env node
// An independent DICOM peer for the services DCMTK ships no tool for (MPPS, Storage Commitment), built on dcmjs-dimse.
// The tests and the demo drive it with a JSON plan on stdin and read JSON on stdout, so that what our SCP and SCU do
// is judged by another implementation's encoder and decoder, not by our own.
//
//   node dimse-peer.js send    plan: {host, port, callingAe, calledAe, requests: [...], eventReports: n, timeoutMs,
//                                     asyncOps: n (the asynchronous operations window it asks for)}
//                              prints {associated, rejected, responses: [...], eventReports: [...], errors: [...]}
//   node dimse-peer.js listen  plan: {port, aeTitle, timeoutMs}
//                              prints one JSON line per request it receives (after a first {"listening": port})
//
// A request is {command: "N-CREATE" | "N-SET" | "N-ACTION" | "C-ECHO", sopClassUid, sopInstanceUid, actionTypeId,
// dataset} or {command: "C-STORE", file}; datasets are dcmjs "naturalized" JSON (keywords as keys, sequences as arrays
// of objects).
'use strict';

const dimse = require('dcmjs-dimse');
const { Client, Server, Scp, Dataset } = dimse;
const { NCreateRequest, NSetRequest, NActionRequest, CEchoRequest, CStoreRequest } = dimse.requests;
const { NEventReportResponse, NCreateResponse, NSetResponse, NActionResponse, CEchoResponse } = dimse.responses;
const { Status, PresentationContextResult, TransferSyntax } = dimse.constants;

// Its own log says only what goes wrong, and on stderr (console.warn/error): stdout carries nothing but our JSON.
dimse.log.setLevel('warn');

const Verification = '1.2.840.10008.1.1';
const StorageCommitmentPushModel = '1.2.840.10008.1.20.1';
const ModalityPerformedProcedureStep = '1.2.840.10008.3.1.2.3.3';
const Uncompressed = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

function readPlan() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new Error(`the plan on stdin is not JSON: ${e.message}`));
      }
    });
  });
}

function toRequest(step) {
  const dataset = step.dataset ? new Dataset(step.dataset) : undefined;
  let request;
  switch (step.command) {
    case 'N-CREATE':
      request = new NCreateRequest(step.sopClassUid, step.sopInstanceUid ?? '');
      break;
    case 'N-SET':
      request = new NSetRequest(step.sopClassUid, step.sopInstanceUid);
      break;
    case 'N-ACTION':
      request = new NActionRequest(step.sopClassUid, step.sopInstanceUid, step.actionTypeId);
      break;
    case 'C-ECHO':
      request = new CEchoRequest();
      break;
    case 'C-STORE':
      request = new CStoreRequest(step.file); // proposed in the file's own transfer syntax
      break;
    default:
      throw new Error(`unknown command '${step.command}'`);
  }
  if (dataset) {
    request.setDataset(dataset);
  }
  return request;
}

function describeResponse(command, response) {
  const commandSet = response.getCommandDataset().getElements();
  return {
    command,
    status: response.getStatus(),
    errorComment: commandSet.ErrorComment ?? null,
    errorId: commandSet.ErrorID ?? null,
    affectedSopInstanceUid: commandSet.AffectedSOPInstanceUID ?? null,
    dataset: response.hasDataset() ? response.getDataset().getElements() : null,
  };
}

async function send(plan) {
  const result = { associated: false, rejected: null, responses: [], eventReports: [], errors: [] };
  const client = new Client();
  let expectedReports = plan.eventReports ?? 0;
  let outstanding = plan.requests.length;
  let released = false;

  // Releases once every response and every awaited report is in; the linger timeout below is only the fallback.
  // Client has no release method of its own: its association (client.network) is dcmjs-dimse's, pinned at 0.3.3.
  const releaseWhenDone = () => {
    if (!released && outstanding === 0 && result.eventReports.length >= expectedReports && client.network) {
      released = true;
      client.network.sendAssociationReleaseRequest();
    }
  };

  for (const step of plan.requests) {
    const request = toRequest(step);
    request.on('response', (response) => {
      result.responses.push(describeResponse(step.command, response));
      if (step.command === 'N-ACTION' && response.getStatus() !== Status.Success) {
        expectedReports--; // a refused request gets no report
      }
      outstanding--;
      releaseWhenDone();
    });
    client.addRequest(request);
  }

  client.on('associationAccepted', () => (result.associated = true));
  client.on('associationRejected', (reject) => (result.rejected = reject));
  client.on('networkError', (e) => result.errors.push(String(e && e.message ? e.message : e)));
  client.on('nEventReportRequest', (request, callback) => {
    result.eventReports.push({
      eventTypeId: request.getEventTypeId(),
      sopClassUid: request.getAffectedSopClassUid(),
      sopInstanceUid: request.getAffectedSopInstanceUid(),
      dataset: request.hasDataset() ? request.getDataset().getElements() : null,
    });
    const response = NEventReportResponse.fromRequest(request);
    response.setStatus(Status.Success);
    callback(response);
    setImmediate(releaseWhenDone);
  });

  const closed = new Promise((resolve) => client.on('closed', resolve));
  client.send(plan.host, plan.port, plan.callingAe, plan.calledAe, {
    connectTimeout: 10000,
    associationTimeout: plan.timeoutMs ?? 30000,
    pduTimeout: plan.timeoutMs ?? 30000,
    associationLingerTimeout: plan.timeoutMs ?? 30000,
    ...(plan.asyncOps ? { asyncOps: { maxAsyncOpsInvoked: plan.asyncOps, maxAsyncOpsPerformed: plan.asyncOps } } : {}),
  });
  await closed;
  return result;
}

function listen(plan) {
  const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

  class RecordingScp extends Scp {
    associationRequested(association) {
      this.association = association;
      print({ associationRequested: association.getCallingAeTitle(), calledAe: association.getCalledAeTitle() });
      for (const c of association.getPresentationContexts()) {
        const context = association.getPresentationContext(c.id);
        const syntax = context.getTransferSyntaxUids().find((ts) => Uncompressed.includes(ts));
        const known = [Verification, StorageCommitmentPushModel, ModalityPerformedProcedureStep].includes(context.getAbstractSyntaxUid());
        if (!known) {
          context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
        } else if (!syntax) {
          context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
        } else {
          context.setResult(PresentationContextResult.Accept, syntax);
        }
      }
      this.sendAssociationAccept();
    }

    associationReleaseRequested() {
      this.sendAssociationReleaseResponse();
    }

    cEchoRequest(request, callback) {
      const response = CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    nEventReportRequest(request, callback) {
      this.recordAndAccept('N-EVENT-REPORT', request, callback, NEventReportResponse, {
        callingAe: this.association.getCallingAeTitle(),
        eventTypeId: request.getEventTypeId(),
        sopClassUid: request.getAffectedSopClassUid(),
        sopInstanceUid: request.getAffectedSopInstanceUid(),
      });
    }

    nCreateRequest(request, callback) {
      this.recordAndAccept('N-CREATE', request, callback, NCreateResponse, {
        sopClassUid: request.getAffectedSopClassUid(),
        sopInstanceUid: request.getAffectedSopInstanceUid(),
      });
    }

    nSetRequest(request, callback) {
      this.recordAndAccept('N-SET', request, callback, NSetResponse, {
        sopClassUid: request.getRequestedSopClassUid(),
        sopInstanceUid: request.getRequestedSopInstanceUid(),
      });
    }

    nActionRequest(request, callback) {
      this.recordAndAccept('N-ACTION', request, callback, NActionResponse, {
        actionTypeId: request.getActionTypeId(),
        sopInstanceUid: request.getRequestedSopInstanceUid(),
      });
    }

    // Prints the request (with its data set) as one line, then answers it with success.
    recordAndAccept(command, request, callback, Response, fields) {
      print({ command, ...fields, dataset: request.hasDataset() ? request.getDataset().getElements() : null });
      const response = Response.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }
  }

  const server = new Server(RecordingScp);
  server.on('networkError', (e) => print({ error: String(e && e.message ? e.message : e) }));
  server.listen(plan.port);
  print({ listening: plan.port });
  setTimeout(() => {
    server.close();
    process.exit(0);
  }, plan.timeoutMs ?? 60000);
}

async function main() {
  const mode = process.argv[2];
  const plan = await readPlan();
  if (mode === 'send') {
    const result = await send(plan);
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(result.associated && result.errors.length === 0 ? 0 : 2);
  } else if (mode === 'listen') {
    listen(plan);
  } else {
    throw new Error(`usage: dimse-peer.js send|listen < plan.json (got '${mode}')`);
  }
}

main().catch((e) => {
  process.stderr.write(`dimse-peer: ${e.stack || e}\n`);
  process.exit(1);
});
